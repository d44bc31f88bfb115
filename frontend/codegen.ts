/**
 * `npm run codegen`: the SPA's GraphQL types, generated from the server's SDL files and the app's
 * operations into src/services/generated/ (committed; `npm run codegen:check` fails when they
 * are out of date).
 *
 * The client preset (The Guild's maintained standard) turns each `graphql(`...`)` call into a
 * typed document, so `request(document, variables)` infers the operation's result and variables;
 * documents are plain strings (`documentMode: 'string'`, no graphql-js at run time), fragments
 * are not masked (a component reads what its service selected), and a field is never optional:
 * the server sends every field selected, null when it has no value.
 */
import type { CodegenConfig } from '@graphql-codegen/cli'
import { isAbsolute, resolve } from 'node:path'

/** Where the committed output lives. */
export const GENERATED_DIR = 'src/services/generated/'

/** The server's schema: its root types, every domain's part, and the engine's own scalars. */
export const SCHEMA = ['../edusphere/core/graphql/base.graphql', '../edusphere/*/schema.graphql', 'codegen/tartiflette.graphql']

/** The app's operations and fragments (`graphql()` calls and .graphql files), tests left out. */
export const DOCUMENTS = ['src/**/*.{ts,vue,graphql}', '!src/**/*.spec.ts', `!${GENERATED_DIR}**`]

export interface CodegenOptions {
  /** Where to write (a directory, with its trailing slash); the committed one by default. */
  out?: string
  schema?: string[]
  documents?: string[]
  /** What relative paths are relative to (the frontend directory); the working directory by default. */
  root?: string
}

export function codegenConfig({ out = GENERATED_DIR, schema = SCHEMA, documents = DOCUMENTS, root }: CodegenOptions = {}): CodegenConfig {
  const at = (path: string): string => {
    if (!root) return path
    const negated = path.startsWith('!') ? '!' : ''
    const bare = negated ? path.slice(1) : path
    return negated + (isAbsolute(bare) ? bare : resolve(root, bare)) + (bare.endsWith('/') ? '/' : '')
  }
  return {
    schema: schema.map(at),
    documents: documents.map(at),
    // A glob that finds nothing is a broken config, not an app without GraphQL.
    ignoreNoDocuments: false,
    generates: {
      [at(out)]: {
        preset: 'client',
        presetConfig: { fragmentMasking: false },
        config: {
          documentMode: 'string',
          useTypeImports: true,
          // Enums as unions of string literals (`'ADMIN' | 'CREATOR' | 'LEARNER'`), no runtime object.
          enumType: 'string-literal',
          // Tartiflette's DateTime is sent as ISO 8601 text.
          scalars: { DateTime: 'string' },
          strictScalars: true,
          // Selected fields are always present (null or not); optional variables and input fields
          // may be left out, as the server allows.
          avoidOptionals: { field: true, object: true, inputValue: false, defaultValue: false },
        },
      },
    },
  }
}

// `CODEGEN_OUT`: codegen/check.mjs generates into a temporary directory to compare.
export default codegenConfig({ out: process.env.CODEGEN_OUT || GENERATED_DIR })
