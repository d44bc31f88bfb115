/**
 * `request` typed by the generated documents: the result and the variables come from the
 * operation (a missing or unknown variable is a type error, checked by `npm run typecheck`),
 * and what is posted is the document on one line, fragments included.
 */
import { afterEach, beforeEach, describe, expect, expectTypeOf, it, vi } from 'vitest'
import { documentText, request } from './api'
import { CatalogDocument, MeDocument, VerifyEmailDocument, type CatalogQuery, type MeQuery } from './generated/graphql'
import { endSession } from './session'

let sent: { query: string; variables?: unknown }[] = []

beforeEach(() => {
  endSession('signed-out')
  sent = []
  vi.stubGlobal('fetch', async (_url: string, init: { body: string }) => {
    sent.push(JSON.parse(init.body) as (typeof sent)[number])
    return new Response(JSON.stringify({ data: { me: null } }), { status: 200, headers: { 'content-type': 'application/json' } })
  })
})
afterEach(() => vi.unstubAllGlobals())

describe('request with a generated document', () => {
  it('infers the result, and takes variables only as the operation declares them', async () => {
    // Never run: what the type checker accepts and refuses.
    const typed = (): unknown[] => [
      expectTypeOf(request(MeDocument)).resolves.toEqualTypeOf<MeQuery>(),
      expectTypeOf(request(CatalogDocument)).resolves.toEqualTypeOf<CatalogQuery>(),
      request(CatalogDocument, { first: 3 }), // every variable of Catalog is optional
      request(VerifyEmailDocument, { token: 't' }),
      // @ts-expect-error VerifyEmail requires $token
      request(VerifyEmailDocument),
      // @ts-expect-error VerifyEmail has no $extra
      request(VerifyEmailDocument, { token: 't', extra: 1 }),
      // @ts-expect-error $token is a String
      request(VerifyEmailDocument, { token: 1 }),
    ]
    expect(typed).toBeTypeOf('function')
    expect(await request(MeDocument)).toEqual({ me: null })
    expect(sent).toEqual([{ query: documentText(MeDocument) }]) // no variables: none sent
  })

  it('posts the document on one line, with the fragments it spreads', async () => {
    await request(MeDocument)
    const query = sent.at(-1)?.query ?? ''
    expect(query).toMatch(/^query Me \{ me \{ \.\.\.UserFields \} \} fragment /)
    expect(query).toContain('fragment UserFields on User { id email emailVerified displayName role avatar { ...ImageFields } }')
    expect(query).toContain('fragment ImageFields on Image { id width height url srcset placeholder variants {')
    expect(query).not.toMatch(/\n| {2}/)
  })

  it('keeps what a string literal holds as it is', () => {
    expect(documentText('query {\n  a(s: "two  spaces\\"  \\n", t: """ block\n  text """)\n}')).toBe(
      'query { a(s: "two  spaces\\"  \\n", t: """ block\n  text """) }',
    )
  })
})
