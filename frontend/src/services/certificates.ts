/** Certificates: public by their id (the verification page works signed out). */
import { request } from './api'
import { graphql } from './generated'
import type { CertificatePageQuery } from './generated/graphql'

export type Certificate = NonNullable<CertificatePageQuery['certificate']>

/** The certificate, or null for an id that does not exist or is not an id (never an error). */
export async function fetchCertificate(id: string): Promise<Certificate | null> {
  const data = await request(
    graphql(`query CertificatePage($id: ID!) {
      certificate(id: $id) { id learnerName courseTitle courseSlug creatorName issuedAt valid revokedAt imageUrl }
    }`),
    { id },
  )
  return data.certificate
}
