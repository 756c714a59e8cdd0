#!/usr/bin/env node
// `npx customer-context-couchdb setup <url> <database>`: prepares a CouchDB database for the
// gadget (docs/couchdb.md). The command is src/setup/cli.ts, built into dist/couchdb-setup.js;
// this file hands it Node's arguments, environment (credentials come from there only),
// fetch and output.
/* global process */
import { main } from '../dist/couchdb-setup.js';

if (typeof globalThis.fetch !== 'function') {
  process.stderr.write('customer-context-couchdb: needs Node.js 20 or later (global fetch)\n');
  process.exit(3);
}

process.exitCode = await main(process.argv.slice(2), process.env, {
  fetch: globalThis.fetch,
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
