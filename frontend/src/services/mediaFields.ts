/**
 * The GraphQL selections for media, shared by every service that shows a cover, an avatar or a
 * lesson's asset. Apart from `media.ts` so that reading a cover does not load the upload code
 * (tus-js-client) into every page.
 */
export const IMAGE_FIELDS = 'id width height url srcset placeholder variants { url width height format mimeType }'
export const MEDIA_FILE_FIELDS = 'id kind mimeType sizeBytes name durationSeconds url urlExpiresAt'
