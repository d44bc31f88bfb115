#!/usr/bin/env node
/**
 * `npm run codegen:check`: fails when the committed src/services/generated/ is not what
 * `npm run codegen` would write now from the SDL files and the app's documents (a schema.graphql
 * changed, or an operation, and nobody regenerated). It generates into a temporary directory and
 * compares file by file, so it works in any checkout, with or without git, and never touches the
 * committed files.
 *
 *   node codegen/check.mjs [--committed <dir>]   (default: src/services/generated)
 *
 * Exit status 0 when they match; 1, with the files that differ, when they do not; 2 when the
 * generator itself failed (an operation selects a field the schema does not have, say).
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const OUT_OF_DATE = 'generated GraphQL types are out of date: run `npm run codegen`'

const frontend = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** Every file under `dir`, as paths relative to it, sorted; none when it does not exist. */
function files(dir, prefix = '') {
  if (!existsSync(dir)) return []
  return readdirSync(join(dir, prefix), { withFileTypes: true })
    .flatMap((entry) => {
      const path = prefix ? `${prefix}/${entry.name}` : entry.name
      return entry.isDirectory() ? files(dir, path) : [path]
    })
    .sort()
}

/** The files that are missing from, extra in, or different in `actual` compared with `expected`. */
export function differences(expected, actual) {
  const wanted = files(expected)
  const found = new Set(files(actual))
  const problems = []
  for (const path of wanted) {
    if (!found.has(path)) problems.push(`missing: ${path}`)
    else if (!readFileSync(join(expected, path)).equals(readFileSync(join(actual, path)))) problems.push(`changed: ${path}`)
    found.delete(path)
  }
  for (const path of found) problems.push(`not generated any more: ${path}`)
  return problems
}

/** Run the generator with codegen.ts, writing into `out` instead of the committed directory. */
function generate(out) {
  const require = createRequire(import.meta.url)
  const cli = join(dirname(require.resolve('@graphql-codegen/cli/package.json')), 'cjs', 'bin.js')
  return spawnSync(process.execPath, [cli, '--config', 'codegen.ts'], {
    cwd: frontend,
    env: { ...process.env, CODEGEN_OUT: `${out}/` },
    encoding: 'utf8',
  })
}

function main(argv) {
  const at = argv.indexOf('--committed')
  const committed = resolve(frontend, at >= 0 && argv[at + 1] ? argv[at + 1] : 'src/services/generated')
  const out = mkdtempSync(join(tmpdir(), 'edusphere-codegen-'))
  try {
    const run = generate(out)
    if (run.status !== 0) {
      process.stderr.write(`${run.stdout}${run.stderr}\nthe GraphQL code generator failed (see above): fix the schema or the operation\n`)
      return 2
    }
    const problems = differences(out, committed)
    if (problems.length) {
      process.stderr.write(`${OUT_OF_DATE}\n${problems.map((line) => `  ${line}`).join('\n')}\n`)
      return 1
    }
    process.stdout.write('generated GraphQL types are up to date\n')
    return 0
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2))
}
