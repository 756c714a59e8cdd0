// `npm test` runs before it (`pretest`): the test/host/ Finesse tests load the built
// files (dist/customer-context.js, the ES module; dist/customer-context.gadget.js, the
// classic bundle gadget.xml loads; dist/gadget.xml, its URL stamped) and test/setup/cli.test.ts
// runs the setup command (dist/couchdb-setup.js, through bin/), so a fresh clone
// or a bundle older than the sources is built first (rollup only: the type
// declarations and the manifest are not needed by the tests). Up to date: no work.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const OUTPUTS = ['dist/customer-context.js', 'dist/customer-context.gadget.js', 'dist/gadget.xml', 'dist/couchdb-setup.js'];
export const INPUTS = ['src', 'gadget.xml', 'rollup.config.mjs', 'tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json'];

/** The newest modification time under `path` (a file or a folder), 0 when absent. */
export function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), stat.mtimeMs);
}

/** Why the bundle needs building, or null when it is up to date. */
export function staleReason() {
  const missing = OUTPUTS.find((file) => !existsSync(file));
  if (missing) return `${missing} is missing`;
  const built = Math.min(...OUTPUTS.map((file) => statSync(file).mtimeMs));
  const changed = INPUTS.find((input) => newest(input) > built);
  return changed ? `${changed} changed since the last build` : null;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const reason = staleReason();
  if (reason) {
    console.log(`Building the bundle for the tests (${reason}): rollup -c rollup.config.mjs`);
    execFileSync(join('node_modules', '.bin', 'rollup'), ['-c', 'rollup.config.mjs', '--silent'], { stdio: 'inherit' });
  }
}
