// @vitest-environment node
/**
 * The generated GraphQL types (src/services/generated/) against a fresh generation: the committed
 * ones are current, and `npm run codegen:check` (codegen/check.mjs) catches every way they go
 * stale: a schema.graphql change to a field the app reads, an operation changed, a field the
 * schema does not have. Runs the real generator on the real SDL files and the app's documents.
 */
import { generate } from '@graphql-codegen/cli'
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { codegenConfig, DOCUMENTS, GENERATED_DIR, SCHEMA } from '../../codegen'
import { differences, OUT_OF_DATE } from '../../codegen/check.mjs'

const FRONTEND = fileURLToPath(new URL('../..', import.meta.url))
const COMMITTED = resolve(FRONTEND, GENERATED_DIR)
const CHECK = resolve(FRONTEND, 'codegen/check.mjs')
// The generator loads the SDL and every document, a few seconds on a busy machine.
const SLOW = 120_000

const scratch: string[] = []
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'edusphere-codegen-spec-'))
  scratch.push(dir)
  return dir
}

/** Generate into a new temporary directory, with the real config but for what `change` says. */
async function generated(change: { schema?: string[]; documents?: string[] } = {}): Promise<string> {
  const out = `${tempDir()}/`
  await generate(codegenConfig({ out, root: FRONTEND, ...change }), true)
  return out
}

function check(...args: string[]): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [CHECK, ...args], { cwd: FRONTEND, encoding: 'utf8' })
  return { status: run.status, output: `${run.stdout}${run.stderr}` }
}

/** The real schema files, with `edit` applied to the one at `path` (a copy in a temporary directory). */
function schemaWith(path: string, edit: (sdl: string) => string): string[] {
  const edusphere = resolve(FRONTEND, '../edusphere')
  const domains = readdirSync(edusphere, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(edusphere, entry.name, 'schema.graphql'))
    .filter((file) => existsSync(file))
  const edited = join(tempDir(), 'edited.graphql')
  const target = resolve(FRONTEND, path)
  const original = readFileSync(target, 'utf8')
  const changed = edit(original)
  expect(changed).not.toBe(original) // the edit must change something for the test to mean anything
  writeFileSync(edited, changed)
  const rest = SCHEMA.filter((entry) => !entry.includes('*/schema.graphql')).map((entry) => resolve(FRONTEND, entry))
  return [...rest, ...domains.map((file) => (file === target ? edited : file))]
}

/** The app's documents plus one more file holding `source`. */
function documentsWith(source: string): string[] {
  const extra = join(tempDir(), 'extra.graphql')
  writeFileSync(extra, source)
  return [...DOCUMENTS, extra]
}

describe('the generated GraphQL types', () => {
  it('are what the generator writes now from the SDL and the app’s documents', { timeout: SLOW }, async () => {
    expect(differences(await generated(), COMMITTED)).toEqual([])
    expect(check()).toMatchObject({ status: 0 })
  })

  it('go out of date when a field the app reads changes in a schema.graphql', { timeout: SLOW }, async () => {
    // User.displayName becomes nullable: every `displayName: string` the app reads is now wrong.
    const schema = schemaWith('../edusphere/auth/schema.graphql', (sdl) => sdl.replace(/(type User \{[^}]*?displayName: String)!/, '$1'))
    const out = await generated({ schema })
    expect(differences(out, COMMITTED)).toContain('changed: graphql.ts')
    expect(readFileSync(join(out, 'graphql.ts'), 'utf8')).toMatch(/displayName: string \| null/)
  })

  it('go out of date when an operation selects one more field', { timeout: SLOW }, async () => {
    const out = await generated({ documents: documentsWith('query CodegenDrift { me { id isActive } }') })
    expect(differences(out, COMMITTED)).toEqual(['changed: gql.ts', 'changed: graphql.ts'])
  })

  it('are not generated at all for a field the schema does not have', { timeout: SLOW }, async () => {
    const failure = await generated({ documents: documentsWith('query CodegenDrift { me { id nickname } }') }).catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(Error)
    expect(String((failure as Error & { errors?: unknown[] }).errors ?? failure)).toMatch(/Cannot query field "nickname" on type "User"/)
  })

  it('fail the check with its message when the committed files differ from a fresh generation', { timeout: SLOW }, () => {
    const stale = tempDir()
    cpSync(COMMITTED, stale, { recursive: true })
    const types = join(stale, 'graphql.ts')
    writeFileSync(types, readFileSync(types, 'utf8').replace('displayName: string', 'displayName: string | null'))
    const result = check('--committed', stale)
    expect(result.status).toBe(1)
    expect(result.output).toContain(OUT_OF_DATE)
    expect(result.output).toContain('changed: graphql.ts')
  })
})
