// `npm run bench`: measures the built bundle in headless Chromium and prints a
// table of medians and ratios with their targets; writes bench/results.json and,
// after a full run, the figures table of docs/performance.md (between its
// `bench:figures:start` and `bench:figures:end` markers). See docs/performance.md.
//
//   node bench/run.mjs [bundle] [journey] [journeytime] [store] [startup] [memory] [couch] [couchscale] [feeds] [contacts]
//   node bench/run.mjs --docs   only rewrites docs/performance.md's table from bench/results.json
//   node bench/run.mjs --table [file]   prints the table of a results file (default: the last partial run's)
//   BENCH_REBUILD=0   use dist/ as it is (no rollup build first)
//   BENCH_PORT=8765   the page server's port: IndexedDB is kept per origin, so the
//                     100k-customer database in bench/.profile is reused only on the same port
//   BENCH_COUCH_URL   couchscale: a CouchDB-protocol stand-in already running (and seeded by an
//                     earlier run, which is then reused), e.g. one started with
//                     `node --max-old-space-size=12288 bench/run.mjs --couch-server 5990`;
//                     without it the part starts one, seeds it and builds its indexes (long: see docs)
//   BENCH_COUCH_CUSTOMERS=100000  couchscale: the size of the large CouchDB database
//   BENCH_JOURNEYTIME_REPS=15  journeytime: choices of each time frame measured (the 100,000-activity
//                     database is seeded once, in bench/.profile, and reused)
//   BENCH_COUCH_VM=1  the stand-in runs map functions as the test server does, a new `vm` per document
//                     (hours of index building at 100,000 customers; see compileMapFunctionsOnce)
//   node bench/run.mjs --couch-prepare   only seeds BENCH_COUCH_URL's couchscale databases
import { build } from 'esbuild';
import { execSync, spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { Agent, createServer, request as httpRequest } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { dirname, extname, join, normalize, relative } from 'node:path';
import Module, { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import puppeteer from 'puppeteer-core';
import { chromePath, CHROME_FLAGS } from '../scripts/chromium.mjs';
import { startCouchServer, startPlug } from '../scripts/couch-server.mjs';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'bench', '.out');
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const DOCS = join(root, 'docs', 'performance.md');
const FIGURES_START = '<!-- bench:figures:start (written by npm run bench; edit bench/run.mjs, not this table) -->';
const FIGURES_END = '<!-- bench:figures:end -->';
const want = (name) => only.length === 0 || only.includes(name);
const RESULTS_MD = join(root, 'bench', 'RESULTS.md');

/**
 * The parts in `bench/parts/*.mjs` (issue #20), each `export const part = { name, pages, run, rows }`:
 * `pages`, the `bench/pages/*.ts` it opens (built with the others); `run(ctx)`, its figures (kept as
 * `results[name]`); `rows(figures, row)`, its lines of the table, `row(figure, measured, target, holds)`
 * with `target` 'report' for a figure without one. They run after the parts written here, in file-name order.
 */
async function loadParts() {
  const dir = join(root, 'bench', 'parts');
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir).filter((f) => f.endsWith('.mjs')).sort();
  return Promise.all(files.map(async (f) => (await import(pathToFileURL(join(dir, f)).href)).part));
}
const PARTS = await loadParts();
const PAGES = ['journey', 'journeytime', 'store', 'startup', 'memory', 'couch', 'couchscale', 'feeds', 'contacts', ...PARTS.flatMap((p) => p.pages ?? [])];
const STARTUP_RUNS = 15;
const MEMORY_RUNS = 5;
/** feeds: agents on one database (each its own plug: its own connections), and writes per round. */
const FEED_AGENTS = 50;
const FEED_WRITES = 500;
/** contacts: page loads per view (the agent typing in Search; the Open list in view). */
const CONTACT_RUNS = { search: 3, open: 2 };
const CONTACTS = 1000;

function ensureBuild() {
  const bundle = join(root, 'dist', 'customer-context.js');
  if (!existsSync(bundle) || process.env.BENCH_REBUILD !== '0') {
    console.log('building dist/customer-context.js and dist/customer-context.gadget.js …');
    execSync('npx rollup -c rollup.config.mjs', { cwd: root, stdio: 'inherit' });
  }
  return bundle;
}

async function buildPages() {
  mkdirSync(out, { recursive: true });
  await build({
    entryPoints: PAGES.map((p) => join(root, 'bench', 'pages', `${p}.ts`)),
    outdir: out,
    bundle: true,
    format: 'esm',
    target: 'es2022',
    logLevel: 'warning',
    tsconfig: join(root, 'tsconfig.json'),
    plugins: [
      {
        name: 'the-built-bundle',
        setup(b) {
          b.onResolve({ filter: /^customer-context$/ }, () => ({ path: '/dist/customer-context.js', external: true }));
        },
      },
    ],
  });
  copyFileSync(join(root, 'bench', 'pages', 'startup.html'), join(out, 'startup.html'));
  // The same page with the bundle from /cached/dist/: served cacheable, as a web server would, so
  // the browser keeps it and V8 reuses its compiled code (the gadget on an agent's desktop, day after day).
  writeFileSync(join(out, 'startup-cached.html'), readFileSync(join(out, 'startup.html'), 'utf8').replace('src="/dist/', 'src="/cached/dist/'));
  for (const page of PAGES.filter((p) => p !== 'startup')) {
    writeFileSync(join(out, `${page}.html`), `<!doctype html><html lang="en"><meta charset="utf-8"><body><script type="module" src="./${page}.js"></script></body></html>`);
  }
}

function serve() {
  const types = { '.js': 'text/javascript', '.html': 'text/html', '.map': 'application/json', '.xml': 'application/xml' };
  const server = createServer((req, res) => {
    let path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    const cached = path.startsWith('/cached/');
    if (cached) path = path.slice('/cached'.length);
    const file = path.startsWith('/dist/') ? join(root, path) : join(out, path.replace(/^\/bench\//, '/'));
    if (!file.startsWith(root) || !existsSync(file) || statSync(file).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    const body = readFileSync(file);
    const etag = `"${statSync(file).mtimeMs.toString(36)}-${body.length.toString(36)}"`;
    const headers = { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'cache-control': cached ? 'public, max-age=600' : 'no-store' };
    if (cached) headers.etag = etag;
    if (cached && req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers).end();
      return;
    }
    res.writeHead(200, headers);
    res.end(body);
  });
  const port = Number(process.env.BENCH_PORT ?? 8765);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

async function openPage(browser, url, setup) {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  // BENCH_DEBUG=1: the pages' console too.
  if (process.env.BENCH_DEBUG) page.on('console', (m) => console.error(`page console (${m.type()}):`, m.text()));
  await setup?.(page);
  await page.goto(url);
  return page;
}

async function result(page, timeout = 900_000) {
  await page.waitForFunction('window.__benchDone === true', { timeout, polling: 200 });
  const error = await page.evaluate('window.__benchError');
  if (error) throw new Error(error);
  return page.evaluate('window.__bench');
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const round = (n) => Math.round(n * 100) / 100;
const fmt = (n, unit = 'ms') => (typeof n === 'number' ? `${n < 10 ? n.toFixed(2) : n.toFixed(1)} ${unit}` : String(n));
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(0)} s`;

// ---- CouchDB at scale: the stand-in server, seeded once -----------------------

/**
 * The databases of the `couchscale` part: the same generator as the store part
 * (demo/sample-data.ts, seed 7, ids `b-…`), 3 activities per customer. The
 * large one is the figure; the small one shows that a view read does not grow
 * with the database. `BENCH_COUCH_CUSTOMERS` replaces the large size (quick checks).
 */
const COUCH_SIZES = [10_000, Number(process.env.BENCH_COUCH_CUSTOMERS ?? 100_000)].map((customers) => ({
  database: `bench-c${customers}`,
  customers,
  activities: customers * 3,
}));
/** Documents per `_bulk_docs`, and how many are in flight (the next is generated while the server writes one). */
const SEED_CHUNK = 2000;
const SEED_IN_FLIGHT = 2;
/** Where a seeded database notes how it was made (a `_local` document: not replicated, not in `_changes`, not in views). */
const SEED_NOTE = '_local/bench-seed';
const couchAgent = new Agent({ keepAlive: true, maxSockets: 8 });

/**
 * A JSON request to CouchDB from Node, without any time limit: the first read
 * of a view on the stand-in builds its index inside the request, for minutes
 * at 100,000 customers (Node's `fetch` gives up on headers after 300 s).
 */
function couchHttp(method, url, body) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers = { accept: 'application/json', ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}) };
    const req = httpRequest(url, { method, headers, agent: couchAgent }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = text;
        }
        resolve({ status: res.statusCode, body: json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** demo/sample-data.ts and src/setup/design.ts for Node (esbuild), so the runner seeds with the page's generator and the setup command's design document. */
async function nodeHelpers() {
  const file = join(out, 'node-helpers.mjs');
  mkdirSync(out, { recursive: true });
  await build({
    stdin: {
      contents: "export { sampleRecords, samplePhone } from './demo/sample-data.ts';\nexport { designDoc } from './src/setup/design.ts';\n",
      resolveDir: root,
      loader: 'ts',
    },
    outfile: file,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
  return import(`${file}?${Date.now()}`);
}

/**
 * How the stand-in runs the design document's map functions while it builds an
 * index. pouchdb-mapreduce's Node build compiles the function anew for every
 * document, inside a new `vm` context (a sandbox): about 1.5 ms per document per
 * view on this machine, and much more once the heap holds 100,000 customers
 * (measured: see docs/performance.md). Its browser build compiles each function
 * once and calls it per document, which is what CouchDB's query server does
 * (couchjs keeps a design document's functions compiled). The bench's server
 * uses that one unless `BENCH_COUCH_VM=1`; the views, their rows and every read
 * are the same. Call before the server loads PouchDB.
 */
const couchMapFunctions = () => (process.env.BENCH_COUCH_VM === '1' ? 'vm' : 'compiled');
function compileMapFunctionsOnce() {
  if (couchMapFunctions() === 'vm') return 'vm';
  const require = createRequire(join(root, 'package.json'));
  const browserBuild = join(dirname(require.resolve('pouchdb-mapreduce')), 'index-browser.js');
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    return request === 'pouchdb-mapreduce' ? browserBuild : resolve.call(this, request, ...rest);
  };
  return 'compiled';
}

/**
 * The CouchDB-protocol stand-in (scripts/couch-server.mjs) in a Node process
 * of its own, with room for 100,000 customers in memory (about 7 GB of heap
 * once the views are built): `BENCH_COUCH_URL` names one already running
 * (`node bench/run.mjs --couch-server [port]` keeps one up between runs, so the
 * seeding and the index build are paid once), else one is started and stopped.
 */
async function couchServer() {
  if (process.env.BENCH_COUCH_URL) return { url: process.env.BENCH_COUCH_URL.replace(/\/+$/, ''), async stop() {} };
  return spawnCouchServer();
}

/** A new stand-in in a process of its own (nothing shared with a server this process ran before). */
async function spawnCouchServer() {
  const child = spawn(process.execPath, ['--max-old-space-size=12288', fileURLToPath(import.meta.url), '--couch-server', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let text = '';
    child.once('exit', (code) => reject(new Error(`the CouchDB stand-in ended (${code})`)));
    child.stdout.on('data', (chunk) => {
      text += chunk;
      const found = /https?:\/\/\S+/.exec(text);
      if (found) resolve(found[0]);
    });
  });
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        child.removeAllListeners('exit');
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Seeds `size` on the server unless its seed note says it is there: a new
 * database, `_design/cc-v2` installed first (as the setup command does, so
 * `validate_doc_update` checks every document), then the records through
 * `_bulk_docs`; then every view read once (`limit=1`), which builds its index.
 * Returns the note: how long each step took and the load average around it.
 */
async function couchPrepare(url, size, log = console.log) {
  const base = `${url}/${size.database}`;
  const noted = await couchHttp('GET', `${base}/${SEED_NOTE}`);
  if (noted.status === 200) {
    const note = { ...noted.body, reused: true };
    delete note._id;
    delete note._rev;
    return note;
  }
  const { sampleRecords, designDoc } = await nodeHelpers();
  await couchHttp('DELETE', base);
  const made = await couchHttp('PUT', base);
  if (made.status >= 300) throw new Error(`PUT ${base}: ${made.status} ${JSON.stringify(made.body)}`);
  const design = designDoc();
  const installed = await couchHttp('PUT', `${base}/${design._id}`, design);
  if (installed.status >= 300) throw new Error(`PUT ${design._id}: ${installed.status} ${JSON.stringify(installed.body)}`);

  const note = {
    database: size.database,
    customers: size.customers,
    activities: size.activities,
    date: new Date().toISOString().slice(0, 10),
    mapFunctions: couchMapFunctions(),
  };
  note.loadAverageBefore = round(loadavg()[0]);
  const t0 = Date.now();
  const inFlight = [];
  let docs = [];
  let records = 0;
  const send = async () => {
    const chunk = docs;
    docs = [];
    inFlight.push(
      couchHttp('POST', `${base}/_bulk_docs`, { docs: chunk }).then(({ status, body }) => {
        const refused = Array.isArray(body) ? body.find((row) => row.error) : body;
        if (status >= 300 || refused) throw new Error(`_bulk_docs: ${status} ${JSON.stringify(refused).slice(0, 300)}`);
      }),
    );
    if (inFlight.length >= SEED_IN_FLIGHT) await inFlight.shift();
  };
  for (const record of sampleRecords({ customers: size.customers, activities: size.activities, prefix: 'b', seed: 7 })) {
    // The document as CouchDbStore writes it (`toDoc`): `_id` for `id`, no `rev`.
    const doc = { ...record, _id: record.id };
    delete doc.id;
    delete doc.rev;
    docs.push(doc);
    records++;
    if (docs.length === SEED_CHUNK) await send();
    if (records % 100_000 === 0) log(`  ${size.database}: ${records.toLocaleString('en')} documents, ${seconds(t0)}`);
  }
  if (docs.length) await send();
  await Promise.all(inFlight);
  note.records = records;
  note.seededMs = Date.now() - t0;
  note.loadAverageSeeded = round(loadavg()[0]);
  log(`  ${size.database}: ${records.toLocaleString('en')} documents seeded in ${seconds(t0)}; building the indexes …`);

  // The stand-in builds a view's index on its first read, one view after another (CouchDB builds them all at once, in the background).
  note.buildMs = {};
  const t1 = Date.now();
  for (const [view, { reduce }] of Object.entries(design.views)) {
    const t = Date.now();
    const read = await couchHttp('GET', `${base}/${design._id}/_view/${view}?limit=1${reduce ? '&reduce=false' : ''}`);
    if (read.status !== 200) throw new Error(`view ${view}: ${read.status} ${JSON.stringify(read.body)}`);
    note.buildMs[view] = Date.now() - t;
    log(`  ${size.database}: view ${view} built in ${seconds(t)}`);
  }
  note.buildTotalMs = Date.now() - t1;
  note.loadAverageBuilt = round(loadavg()[0]);
  const rows = await couchHttp('GET', `${base}/${design._id}/_view/keys?limit=0`);
  note.keyRows = rows.body?.total_rows;
  const saved = await couchHttp('PUT', `${base}/${SEED_NOTE}`, note);
  if (saved.status >= 300) throw new Error(`PUT ${SEED_NOTE}: ${saved.status}`);
  return { ...note, reused: false };
}

// ---- the figures table of docs/performance.md --------------------------------

const one = (n) => (n >= 100 ? Math.round(n).toLocaleString('en') : n.toFixed(1));
const ms = (n) => `${one(n)} ms`;
const holds = (ok) => (ok ? 'yes' : '**no**');

/** The table docs/performance.md shows, from a full run's results (bench/results.json). */
function figuresTable(r) {
  const rows = [];
  const row = (figure, measured, target, ok) => rows.push(`| ${figure} | ${measured} | ${target} | ${target === 'report' ? '—' : holds(ok)} |`);
  tableRows(r, row);
  return [
    `Measured ${r.date} with \`npm run bench\` (${r.seconds} s${r.store?.seeded?.records ? ', seeding included' : ''}), on ${r.machine} (load average ${r.loadAverageAtStart} at the start${r.loadAverageAtEnd === undefined ? '' : `, ${r.loadAverageAtEnd} at the end`}):`,
    '',
    '| figure | measured | target | holds |',
    '| --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/** The lines of the figures table, from a run's results: `row(figure, measured, target, holds)` for each. */
function tableRows(r, row) {
  // The bundles' sizes: the bytes part (bench/parts/bytes.mjs); a run from before it had only these two figures.
  if (r.bundle && !r.bytes) row('Bundle: all elements, five locales, both stores (min + gzip -9)', `${(r.bundle.gzipBytes / 1024).toFixed(1)} KB`, '≤ 80 KB', r.bundle.gzipBytes <= 80 * 1024);
  if (r.gadgetBundle && !r.bytes) row('Same, the classic script gadget.xml loads (`customer-context.gadget.js`)', `${(r.gadgetBundle.gzipBytes / 1024).toFixed(1)} KB`, '≤ 80 KB', r.gadgetBundle.gzipBytes <= 80 * 1024);
  if (r.journey) {
    const [a, b] = [r.journey.journey10000, r.journey.journey100000];
    for (const [size, j] of [['10,000', a], ['100,000', b]]) {
      row(`Journey, ${size} entries: first frame with the rows painted`, `${ms(j.firstFrameMs)} (script ${ms(j.ownMs)})`, '≤ 16 ms', j.firstFrameMs <= 16);
    }
    row('Same, started between frames (waiting for the frame included)', `${ms(a.unalignedMs)} / ${ms(b.unalignedMs)}`, 'report');
    row('Plain Lit `repeat` of every row, same data: first frame', `${ms(a.plainFirstFrameMs)} / ${ms(b.plainFirstFrameMs)} (${a.ratio.toFixed(0)}× / ${b.ratio.toFixed(0)}× slower)`, 'report');
    const rendered = a.renderedRows === b.renderedRows ? String(a.renderedRows) : `${a.renderedRows} / ${b.renderedRows}`;
    row('Rendered rows (10,000 and 100,000 entries)', rendered, 'bounded', a.renderedRows < 60 && b.renderedRows < 60);
    const sc = r.journey.scroll;
    row(`Full scroll top to bottom, ${sc.entries.toLocaleString('en')} entries: frame work p95`, ms(sc.frameWorkP95Ms), '≤ 16.7 ms', sc.frameWorkP95Ms <= 16.7);
    row('Same scroll of the plain `repeat` list: frame work p95', `${ms(sc.plainFrameWorkP95Ms)} (the journey does ${sc.ratioToPlain.toFixed(1)}× more per frame)`, 'report');
  }
  if (r.journeytime) {
    const jt = r.journeytime;
    row(`Journey, ${jt.activities.toLocaleString('en')} activities (IndexedDB): a time frame chosen → its first page painted, all / last 30 days / last 12 months`, `${ms(jt.all.medianMs)} / ${ms(jt.days30.medianMs)} / ${ms(jt.months12.medianMs)}`, '≤ 50 ms', Math.max(jt.all.medianMs, jt.days30.medianMs, jt.months12.medianMs) <= 50);
  }
  if (r.store) {
    const e = r.store.eventToScreen;
    row('Event to screen, 100k customers / 500k activities: p95', `${ms(e.p95Ms)} (median ${one(e.medianMs)}; store part ${one(e.storeMedianMs)})`, '≤ 50 ms', e.p95Ms <= 50);
    const s = r.store.search;
    row('Search by name / phone / email prefix, first 20: p95', `${one(s.name.p95Ms)} / ${one(s.phone.p95Ms)} / ${ms(s.email.p95Ms)}`, '≤ 20 ms', Math.max(s.name.p95Ms, s.phone.p95Ms, s.email.p95Ms) <= 20);
  }
  if (r.startup) {
    row('Start-up to an interactive gadget, empty store', ms(r.startup.medianMs), '≤ 100 ms', r.startup.medianMs <= 100);
    row('Same, bundle from the browser cache / first start (database created)', `${ms(r.startup.cachedMedianMs)} / ${ms(r.startup.firstStartMedianMs)}`, 'report');
  }
  if (r.memory) row(`Heap growth after opening a 10,000-activity journey`, `${one(r.memory.heapGrowthMB)} MB`, '≤ 15 MB', r.memory.heapGrowthMB <= 15);
  if (r.couch) {
    const c = r.couch;
    row('CouchDB save round trip (update), median / p95', `${one(c.save.medianMs)} / ${ms(c.save.p95Ms)} (create ${one(c.create.medianMs)} / ${ms(c.create.p95Ms)})`, 'report');
    row(`Outbox drain, ${c.drain.writes} waiting writes`, `${c.drain.perSecond.toFixed(0)} writes/s`, 'report');
  }
  if (r.couchscale) {
    const c = r.couchscale;
    const [L, S] = [c.large, c.small];
    const k = (n) => `${Math.round(n / 1000)}k`;
    const [large, small] = [c.prepared.large, c.prepared.small];
    for (const p of [large, small]) {
      const when = p.reused ? `; made ${p.date}, reused` : '';
      row(
        `CouchDB stand-in, ${p.customers.toLocaleString('en')} customers (${p.records.toLocaleString('en')} documents): seeding through \`_bulk_docs\` / building the 4 views`,
        `${one(p.seededMs / 1000)} s / ${one(p.buildTotalMs / 1000)} s (load ${p.loadAverageSeeded} / ${p.loadAverageBuilt}${when})`,
        'report',
      );
    }
    const label = { name: 'name', phone: 'phone', phoneTail: 'number without its country code', email: 'email' };
    const line = (what, kind) => {
      const [a, b, i] = [c[what][L][kind].p95Ms, c[what][S][kind].p95Ms, c[what].idb[kind].p95Ms];
      const median = [c[what][L][kind].medianMs, c[what][S][kind].medianMs, c[what].idb[kind].medianMs].map(one).join(' / ');
      return `${one(a)} / ${one(b)} / ${ms(i)} (median ${median}; CouchDB ${c.ratios[what][kind].couchToIdb.toFixed(1)}× IndexedDB; ${k(large.customers)} ${c.ratios[what][kind].largeToSmall.toFixed(2)}× ${k(small.customers)})`;
    };
    for (const kind of Object.keys(c.lookup.idb)) row(`Caller lookup by ${label[kind]}, p95: CouchDB ${k(large.customers)} / CouchDB ${k(small.customers)} / IndexedDB 100k`, line('lookup', kind), 'report');
    for (const kind of Object.keys(c.search.idb)) row(`Search by ${label[kind]}, first 20, p95: same three`, line('search', kind), 'report');
    const e = c.eventToScreen;
    row(
      `Event to screen, CouchDB stand-in ${k(large.customers)} customers: p95`,
      `${ms(e[L].p95Ms)} (median ${one(e[L].medianMs)}; store part ${one(e[L].storeMedianMs)}); IndexedDB 100k ${ms(e.idb.p95Ms)}`,
      'report',
    );
  }
  if (r.feeds) {
    const [w, all] = [r.feeds.perAgent, r.feeds.wholeDatabase];
    row(
      `Change feed, ${w.agents} agents with 1–3 customers open each, ${w.writes} writes: documents received per agent per write`,
      `${w.receivedPerAgentPerWrite} (whole-database feed: ${all.receivedPerAgentPerWrite}; all agents together ${w.receivedPerWrite} vs ${all.receivedPerWrite} per write, ${r.feeds.ratio}× fewer)`,
      'report',
    );
    row('Same: documents received about customers not open / changes of open customers missed', `${w.receivedAboutUnopened} / ${w.missed}`, '0 / 0', w.receivedAboutUnopened === 0 && w.missed === 0);
    row('Same: a write reaching the agent who has it open, median / p95 (stand-in)', `${one(w.deliveryMedianMs)} / ${ms(w.deliveryP95Ms)}`, 'report');
  }
  if (r.contacts) {
    const [s, o] = [r.contacts.search, r.contacts.open];
    const n = s.contacts.toLocaleString('en');
    row(
      `${n} contacts at once (embedded store): until all are in the Open list and the gadget is idle, painted`,
      `${ms(s.idleMs)} typing in Search / ${ms(o.idleMs)} with the Open list in view (Open holds ${s.openAtIdle.toLocaleString('en')}; \`receive\` ×${n}: ${ms(s.receiveMs)})`,
      'report',
    );
    // The Long Tasks API reports tasks of 50 ms or more: none is "< 50".
    const task = (n) => (n ? one(n) : '< 50');
    row(
      'Same: longest main-thread task (median of runs) / longest time without a frame',
      `${task(s.longestTaskMs)} / ${ms(s.longestGapMs)} typing; ${task(o.longestTaskMs)} / ${ms(o.longestGapMs)} Open in view`,
      'report',
    );
    if (s.keys) {
      row(
        'Same: a key typed in Search meanwhile, until shown (Event Timing): median / p95 / max',
        `${one(s.keys.burstMedianMs)} / ${one(s.keys.burstP95Ms)} / ${ms(s.keys.burstMaxMs)} (${s.keys.burstCount} keys; ${one(s.keys.idleMedianMs)} ms when idle; a task queued from the key's frame ran after ${ms(s.keys.burstAfterFrameP95Ms)} p95)`,
        'report',
      );
    }
    row('Same: drafts in localStorage afterwards', `${Math.round(s.draftsChars / 1024).toLocaleString('en')} K characters in ${s.draftsKeys.toLocaleString('en')} entries`, 'report');
  }
  if (r.store?.seeded?.records) row(`Seeding ${r.store.seeded.records.toLocaleString('en')} records (first run only)`, `${(r.store.seeded.seededMs / 1000).toFixed(0)} s`, 'report');
  for (const part of PARTS) if (r[part.name]) part.rows(r[part.name], row);
}

/** bench/RESULTS.md: every figure of a full run with its target, whether it holds, and where and when it was measured. */
function resultsMarkdown(r) {
  const lines = [];
  const machine = r.machine.replace(/ headless.*/, '');
  const row = (figure, measured, target, ok) =>
    lines.push(`| ${figure} | ${measured} | ${target} | ${target === 'report' ? '—' : holds(ok)} | ${r.date} | ${machine} | ${r.loadAverageAtStart} |`);
  tableRows(r, row);
  const missed = lines.filter((l) => l.includes('| **no** |')).length;
  return [
    '# Bench results',
    '',
    `Written by \`npm run bench\` (bench/run.mjs) from \`bench/results.json\`; do not edit by hand. What each figure measures and how: [docs/performance.md](../docs/performance.md).`,
    '',
    `Run of ${r.date}: ${r.seconds ?? '?'} s on ${r.machine}; load average ${r.loadAverageAtStart} at the start, ${r.loadAverageAtEnd ?? '?'} at the end. ${missed ? `**${missed} target${missed === 1 ? '' : 's'} missed.**` : 'Every target holds.'}`,
    '',
    '| figure | measured | target | holds | date | machine | load average at start |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...lines,
    '',
  ].join('\n');
}

/** Replaces what stands between the markers of docs/performance.md with the table of these results. */
function writeFigures(results) {
  const page = readFileSync(DOCS, 'utf8');
  const start = page.indexOf(FIGURES_START);
  const end = page.indexOf(FIGURES_END);
  if (start < 0 || end < start) throw new Error(`${relative(root, DOCS)}: the bench:figures markers are missing`);
  writeFileSync(DOCS, `${page.slice(0, start + FIGURES_START.length)}\n${figuresTable(results)}\n${page.slice(end)}`);
  console.log(`figures written to ${relative(root, DOCS)}`);
}

/** Runs the parts of bench/parts/ that were asked for, adding their figures to `results` and their lines to the table. */
async function runParts(ctx, results, row) {
  for (const part of PARTS) {
    if (!want(part.name)) continue;
    const t = Date.now();
    results[part.name] = await part.run(ctx);
    part.rows(results[part.name], row);
    console.log(`${part.name}: ${seconds(t)}`);
  }
}

async function main() {
  const started = Date.now();
  const bundle = ensureBuild();
  await buildPages();
  const server = await serve();
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await puppeteer.launch({
    executablePath: chromePath(),
    headless: true,
    userDataDir: join(root, 'bench', '.profile'),
    args: [...CHROME_FLAGS, '--js-flags=--expose-gc', '--enable-precise-memory-info'],
    protocolTimeout: 900_000,
  });
  const results = {
    date: new Date().toISOString().slice(0, 10),
    machine: `${cpus().length} × ${cpus()[0]?.model.trim()}; ${await browser.version()} headless, software rendering; node ${process.version}`,
    loadAverageAtStart: round(loadavg()[0]),
  };
  const rows = [];
  const row = (figure, measured, target, ok) => rows.push([figure, measured, target, ok]);
  try {
    const raw = readFileSync(bundle);
    results.bundle = { minifiedBytes: raw.length, gzipBytes: gzipSync(raw, { level: 9 }).length };
    // The same build's classic script (an IIFE), the file gadget.xml loads in Finesse.
    const gadgetRaw = readFileSync(join(root, 'dist', 'customer-context.gadget.js'));
    results.gadgetBundle = { minifiedBytes: gadgetRaw.length, gzipBytes: gzipSync(gadgetRaw, { level: 9 }).length };

    if (want('journey')) {
      const t = Date.now();
      const page = await openPage(browser, `${base}/bench/journey.html`);
      const r = await result(page);
      results.journey = r;
      for (const size of [10_000, 100_000]) {
        const j = r[`journey${size}`];
        row(`Journey ${size.toLocaleString('en')}: first painted frame`, fmt(j.firstFrameMs), '≤ 16 ms', j.firstFrameMs <= 16);
        row('  element script only (set entries → DOM)', fmt(j.ownMs), 'report', true);
        row('  started between frames (+ wait for frame)', fmt(j.unalignedMs), 'report', true);
        row('  plain Lit repeat, same data (ratio)', `${fmt(j.plainFirstFrameMs)} (${j.ratio.toFixed(0)}× slower)`, 'report', true);
        row('  rendered rows', String(j.renderedRows), 'bounded', j.renderedRows < 60);
      }
      const sc = r.scroll;
      row(`Journey scroll top→bottom (${sc.frames} frames): frame work p95`, fmt(sc.frameWorkP95Ms), '≤ 16.7 ms', sc.frameWorkP95Ms <= 16.7);
      row('  plain Lit repeat list, same scroll (ratio)', `${fmt(sc.plainFrameWorkP95Ms)} (journey ${sc.ratioToPlain.toFixed(1)}×)`, 'report', true);
      await page.close();
      console.log(`journey: ${seconds(t)}`);
    }

    // The journey by time frame (issue #19): the agent's choice → the range read from the store's index → painted.
    if (want('journeytime')) {
      const t = Date.now();
      const reps = Number(process.env.BENCH_JOURNEYTIME_REPS ?? 15);
      const page = await openPage(browser, `${base}/bench/journeytime.html?reps=${reps}`);
      const r = await result(page);
      results.journeytime = r;
      if (r.seeded.records) row(`Seed ${r.seeded.records.toLocaleString('en')} records (first run only)`, fmt(r.seeded.seededMs / 1000, 's'), 'report', true);
      row(`Journey ${r.activities.toLocaleString('en')} (IndexedDB), "All time": choice → first page painted`, fmt(r.all.medianMs), '≤ 50 ms', r.all.medianMs <= 50);
      for (const [label, j] of [['last 30 days', r.days30], ['last 12 months', r.months12]]) {
        row(`  time frame ${label}: choice → first page painted`, `${fmt(j.medianMs)} (${j.ratioToAll.toFixed(2)}× all)`, '≤ 50 ms', j.medianMs <= 50);
        row(`    p95; store read; rows rendered`, `${fmt(j.p95Ms)}; ${fmt(j.storeMedianMs)}; ${j.rows}`, 'report', true);
      }
      await page.close();
      console.log(`journeytime: ${seconds(t)}`);
    }

    if (want('store')) {
      const t = Date.now();
      const page = await openPage(browser, `${base}/bench/store.html`, (p) =>
        p.exposeFunction('benchProgress', (line) => console.log(`  ${line}`)),
      );
      const r = await result(page, 1_500_000);
      results.store = r;
      if (r.seeded.records) row(`Seed ${r.seeded.records.toLocaleString('en')} records (first run only)`, fmt(r.seeded.seededMs / 1000, 's'), 'report', true);
      row('Event to screen p95 (100k customers / 500k activities)', fmt(r.eventToScreen.p95Ms), '≤ 50 ms', r.eventToScreen.p95Ms <= 50);
      row('  median; store part only (to session state)', `${fmt(r.eventToScreen.medianMs)}; ${fmt(r.eventToScreen.storeMedianMs)}`, 'report', true);
      for (const kind of ['name', 'phone', 'email']) {
        row(`Search by ${kind} prefix p95 (first 20)`, fmt(r.search[kind].p95Ms), '≤ 20 ms', r.search[kind].p95Ms <= 20);
      }
      await page.close();
      console.log(`store: ${seconds(t)}`);
    }

    if (want('startup')) {
      const t = Date.now();
      const phases = [];
      const measure = async (query, file = 'startup.html') => {
        const times = [];
        for (let i = 0; i < STARTUP_RUNS; i++) {
          // Another origin than the store part's: IndexedDB keeps one backing store per origin, and the
          // empty store must not share it with the 100k-customer database (opening that costs time).
          const page = await openPage(browser, `${base.replace('127.0.0.1', 'localhost')}/bench/${file}${query(i)}`);
          await page.waitForFunction('window.__benchDone === true', { timeout: 60_000 });
          times.push(await page.evaluate('window.__startup'));
          phases.push(await page.evaluate('window.__phases'));
          await page.close();
        }
        return times;
      };
      // The first run (not counted) creates the fixed empty database.
      const fresh = await measure((i) => `?db=bench-startup-${Date.now()}-${i}`);
      const empty = await measure(() => '');
      // Cacheable bundle: the first loads (not counted) fill the HTTP cache and V8's code cache.
      const cachedRuns = await measure(() => '', 'startup-cached.html');
      results.startup = {
        medianMs: round(median(empty.slice(1))),
        cachedMedianMs: round(median(cachedRuns.slice(3))),
        firstStartMedianMs: round(median(fresh)),
        runs: empty.length - 1,
        // Medians of when each phase ended, from the script tag (empty store): bundle fetched, run, session ready, painted.
        phasesMs: Object.fromEntries(Object.keys(phases[0]).map((k) => [k, round(median(phases.slice(STARTUP_RUNS + 1, 2 * STARTUP_RUNS).map((p) => p[k])))])),
      };
      row('Start-up to interactive, empty store', fmt(results.startup.medianMs), '≤ 100 ms', results.startup.medianMs <= 100);
      row('  bundle from the browser cache (code cached)', fmt(results.startup.cachedMedianMs), 'report', true);
      row('  first start (the database is created)', fmt(results.startup.firstStartMedianMs), 'report', true);
      console.log(`startup: ${seconds(t)}`);
    }

    if (want('memory')) {
      const t = Date.now();
      const growth = [];
      for (let i = 0; i < MEMORY_RUNS; i++) {
        const page = await openPage(browser, `${base}/bench/memory.html`);
        await result(page);
        const cdp = await page.createCDPSession();
        await cdp.send('HeapProfiler.collectGarbage');
        const before = (await cdp.send('Runtime.getHeapUsage')).usedSize;
        await page.evaluate('window.__open()');
        await cdp.send('HeapProfiler.collectGarbage');
        const after = (await cdp.send('Runtime.getHeapUsage')).usedSize;
        growth.push((after - before) / 1024 / 1024);
        await page.close();
      }
      results.memory = { heapGrowthMB: round(median(growth)), runs: growth.length };
      row('Heap growth, 10,000-activity journey open', fmt(results.memory.heapGrowthMB, 'MB'), '≤ 15 MB', results.memory.heapGrowthMB <= 15);
      console.log(`memory: ${seconds(t)}`);
    }

    if (want('couch')) {
      const t = Date.now();
      const couch = await startCouchServer();
      const plug = await startPlug({ target: couch.url });
      try {
        const page = await openPage(
          browser,
          `${base}/bench/couch.html?couch=${encodeURIComponent(couch.url)}&plug=${encodeURIComponent(plug.url)}`,
          (p) => p.exposeFunction('benchPlug', (connected) => (connected ? plug.connect() : plug.disconnect())),
        );
        const r = await result(page);
        results.couch = r;
        row('CouchDB save round trip (update), median / p95', `${fmt(r.save.medianMs)} / ${fmt(r.save.p95Ms)}`, 'report', true);
        row('  create, median / p95', `${fmt(r.create.medianMs)} / ${fmt(r.create.p95Ms)}`, 'report', true);
        row(`Outbox drain (${r.drain.writes} waiting writes)`, `${r.drain.perSecond.toFixed(0)} writes/s`, 'report', true);
        await page.close();
      } finally {
        await plug.stop();
        await couch.stop();
      }
      console.log(`couch: ${seconds(t)}`);
    }

    if (want('couchscale')) {
      const t = Date.now();
      const couch = await couchServer();
      try {
        const prepared = [];
        for (const size of COUCH_SIZES) {
          console.log(`  preparing ${size.database} on ${couch.url} (${size.customers.toLocaleString('en')} customers, ${size.activities.toLocaleString('en')} activities) …`);
          prepared.push(await couchPrepare(couch.url, size, (line) => console.log(line)));
        }
        const [small, large] = prepared;
        const dbs = [large, small].map((p) => `${p.database}:${p.customers}`).join(',');
        const page = await openPage(browser, `${base}/bench/couchscale.html?couch=${encodeURIComponent(couch.url)}&dbs=${encodeURIComponent(dbs)}`, (p) =>
          p.exposeFunction('benchProgress', (line) => console.log(`  ${line}`)),
        );
        const r = await result(page, 3_000_000);
        await page.close();
        const L = `couch${large.customers}`;
        const S = `couch${small.customers}`;
        const ratios = {};
        for (const what of ['search', 'lookup']) {
          ratios[what] = {};
          for (const kind of Object.keys(r[what].idb)) {
            ratios[what][kind] = {
              couchToIdb: round(r[what][L][kind].p95Ms / r[what].idb[kind].p95Ms),
              largeToSmall: round(r[what][L][kind].p95Ms / r[what][S][kind].p95Ms),
            };
          }
        }
        results.couchscale = { ...r, large: L, small: S, prepared: { large, small }, ratios, loadAverageAtEnd: round(loadavg()[0]) };
        for (const p of [large, small]) {
          const how = p.reused ? `reused (made ${p.date})` : 'this run';
          row(`CouchDB ${p.customers.toLocaleString('en')}: seed ${p.records.toLocaleString('en')} docs / build 4 views`, `${fmt(p.seededMs / 1000, 's')} / ${fmt(p.buildTotalMs / 1000, 's')} (${how})`, 'report', true);
        }
        const sizes = `${large.customers / 1000}k / ${small.customers / 1000}k`;
        for (const what of ['search', 'lookup']) {
          for (const kind of Object.keys(r[what].idb)) {
            const [c, s, i] = [r[what][L][kind].p95Ms, r[what][S][kind].p95Ms, r[what].idb[kind].p95Ms];
            row(`${what === 'search' ? 'Search' : 'Caller lookup'} by ${kind} p95: CouchDB ${sizes}; IndexedDB`, `${fmt(c)} / ${fmt(s)}; ${fmt(i)}`, 'report', true);
          }
        }
        const e = r.eventToScreen;
        row(`Event to screen p95: CouchDB ${large.customers / 1000}k; IndexedDB (same run)`, `${fmt(e[L].p95Ms)}; ${fmt(e.idb.p95Ms)}`, 'report', true);
      } finally {
        await couch.stop();
      }
      console.log(`couchscale: ${seconds(t)}`);
    }

    if (want('feeds')) {
      const t = Date.now();
      const couch = await spawnCouchServer();
      const plugs = [];
      try {
        for (let a = 0; a < FEED_AGENTS; a++) plugs.push(await startPlug({ target: couch.url }));
        const { designDoc } = await nodeHelpers();
        const database = `bench-feeds-${Date.now()}`;
        await couchHttp('PUT', `${couch.url}/${database}`);
        const design = designDoc();
        await couchHttp('PUT', `${couch.url}/${database}/${design._id}`, design);
        const query = `couch=${encodeURIComponent(couch.url)}&db=${database}&writes=${FEED_WRITES}&plugs=${encodeURIComponent(plugs.map((p) => p.url).join(','))}`;
        const page = await openPage(browser, `${base}/bench/feeds.html?${query}`);
        const r = await result(page, 900_000);
        await page.close();
        results.feeds = r;
        const [w, all] = [r.perAgent, r.wholeDatabase];
        row(`Change feed, ${w.agents} agents, ${w.writes} writes: documents per agent per write`, `${w.receivedPerAgentPerWrite} (whole database: ${all.receivedPerAgentPerWrite})`, 'report', true);
        row('  documents received about customers not open', String(w.receivedAboutUnopened), '0', w.receivedAboutUnopened === 0);
        row('  writes to open customers not received', String(w.missed), '0', w.missed === 0);
        row('  all agents together per write (whole-database feed)', `${w.receivedPerWrite} (${all.receivedPerWrite}: ${r.ratio}×)`, 'report', true);
        row('  write to the agent who has it open, median / p95', `${fmt(w.deliveryMedianMs)} / ${fmt(w.deliveryP95Ms)}`, 'report', true);
        row(`  the ${w.writes} writes took (whole-database feeds)`, `${fmt(w.writeMs / 1000, 's')} (${fmt(all.writeMs / 1000, 's')})`, 'report', true);
      } finally {
        for (const plug of plugs) await plug.stop();
        await couch.stop();
      }
      console.log(`feeds: ${seconds(t)}`);
    }

    if (want('contacts')) {
      const t = Date.now();
      const runs = { search: [], open: [] };
      const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
      const letters = 'abcdefghijklmnopqrstuvwxyz';
      for (const view of ['search', 'open']) {
        for (let i = 0; i < CONTACT_RUNS[view]; i++) {
          // The empty store's origin (see startup): not the one of the 100k-customer database.
          const page = await openPage(browser, `${base.replace('127.0.0.1', 'localhost')}/bench/contacts.html?view=${view}&count=${CONTACTS}`);
          await page.waitForFunction('window.__contactsReady === true || window.__benchDone === true', { timeout: 120_000, polling: 50 });
          if (await page.evaluate('window.__benchError')) await result(page);
          let typed = 0;
          const type = async () => {
            await page.keyboard.press(letters[typed++ % letters.length]);
            await sleep(100);
          };
          if (view === 'search') {
            // As an agent: the Search tab, then the search field (found by role and name, as a screen reader would).
            await page.locator('::-p-aria([name="Search"][role="tab"])').click();
            await page.locator('::-p-aria([name="Find a customer"][role="searchbox"])').click();
            for (let k = 0; k < 10; k++) await type();
          }
          await page.evaluate('window.__startBurst()');
          // During the burst a key goes every 100 ms without waiting for the last one to be handled (an agent
          // typing does not wait for the screen): each one's wait behind a busy main thread is measured.
          const keys = [];
          const typing = view === 'search' ? setInterval(() => keys.push(page.keyboard.press(letters[typed++ % letters.length])), 100) : undefined;
          while (!(await page.evaluate('window.__burstIdle === true'))) await sleep(100);
          clearInterval(typing);
          await Promise.all(keys);
          const r = await result(page, 900_000);
          runs[view].push(r);
          await page.close();
          console.log(`  contacts (${view}) run ${i + 1}: idle after ${fmt(r.paintedMs)}, open ${r.openAtIdle}, longest task ${fmt(r.longestTaskMs)}, keys ${r.keys.burst.count ?? 0}`);
        }
      }
      const med = (list, pick) => round(median(list.map(pick)));
      const sum = (list) => {
        const burstKeys = list.filter((r) => r.keys.burst.count);
        return {
          runs: list.length,
          contacts: CONTACTS,
          receiveMs: med(list, (r) => r.receiveMs),
          allOpenMs: list.every((r) => r.allOpenMs !== null) ? med(list, (r) => r.allOpenMs) : null,
          idleMs: med(list, (r) => r.paintedMs),
          openAtIdle: med(list, (r) => r.openAtIdle),
          longestTaskMs: med(list, (r) => r.longestTaskMs),
          longestTaskMaxMs: round(Math.max(...list.map((r) => r.longestTaskMs))),
          longTaskTotalMs: med(list, (r) => r.longTaskTotalMs),
          longestGapMs: med(list, (r) => r.longestGapMs),
          draftsChars: med(list, (r) => r.drafts.chars),
          draftsKeys: med(list, (r) => r.drafts.keys),
          keys: burstKeys.length
            ? {
                idleMedianMs: med(burstKeys, (r) => r.keys.idle.toScreenMedianMs),
                burstCount: burstKeys.reduce((n, r) => n + r.keys.burst.count, 0),
                burstInSearchBox: burstKeys.reduce((n, r) => n + r.keys.burst.inSearchBox, 0),
                burstMedianMs: med(burstKeys, (r) => r.keys.burst.toScreenMedianMs),
                burstP95Ms: med(burstKeys, (r) => r.keys.burst.toScreenP95Ms),
                burstMaxMs: round(Math.max(...burstKeys.map((r) => r.keys.burst.toScreenMaxMs))),
                burstWaitMaxMs: round(Math.max(...burstKeys.map((r) => r.keys.burst.waitMaxMs))),
                burstAfterFrameP95Ms: med(burstKeys, (r) => r.keys.burst.afterFrameP95Ms),
              }
            : null,
        };
      };
      results.contacts = { search: sum(runs.search), open: sum(runs.open), runs };
      const s = results.contacts.search;
      const o = results.contacts.open;
      row(`${CONTACTS} contacts at once: all in Open and idle (typing / Open in view)`, `${fmt(s.idleMs)} / ${fmt(o.idleMs)} (Open holds ${s.openAtIdle})`, 'report', true);
      row('  longest main-thread task (median of runs; worst; 0: none of 50 ms)', `${fmt(s.longestTaskMs)} / ${fmt(o.longestTaskMs)}; ${fmt(Math.max(s.longestTaskMaxMs, o.longestTaskMaxMs))}`, 'report', true);
      if (s.keys) row('  key press in Search to screen during it, p95 / max (idle median)', `${fmt(s.keys.burstP95Ms)} / ${fmt(s.keys.burstMaxMs)} (${fmt(s.keys.idleMedianMs)})`, 'report', true);
      if (s.keys) row('  a task queued from that frame, p95 (behind the burst\'s work)', fmt(s.keys.burstAfterFrameP95Ms), 'report', true);
      row('  drafts in localStorage afterwards', `${fmt(s.draftsChars / 1024, 'K chars')} in ${s.draftsKeys} entries`, 'report', true);
      console.log(`contacts: ${seconds(t)}`);
    }
    await runParts({ browser, base, root, out, openPage, result, median, round, fmt }, results, row);
  } finally {
    await browser.close();
    server.close();
    couchAgent.destroy();
  }
  results.seconds = Math.round((Date.now() - started) / 1000);
  results.loadAverageAtEnd = round(loadavg()[0]);
  // Only a full run replaces bench/results.json and the table of docs/performance.md; a partial one goes to bench/.out.
  const resultsFile = only.length === 0 ? join(root, 'bench', 'results.json') : join(out, 'results.json');
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  if (only.length === 0) {
    writeFigures(results);
    writeFileSync(RESULTS_MD, resultsMarkdown(results));
  }
  const width = Math.max(...rows.map((r) => r[0].length));
  console.log(`\n${results.date}, ${results.machine} (load average ${results.loadAverageAtStart} at start)\n`);
  console.log(`${'figure'.padEnd(width)}  ${'measured'.padEnd(30)}  ${'target'.padEnd(10)}  ok`);
  for (const [name, value, target, ok] of rows) console.log(`${name.padEnd(width)}  ${value.padEnd(30)}  ${target.padEnd(10)}  ${ok ? 'yes' : 'NO'}`);
  console.log(`\n${rows.filter((r) => !r[3]).length} targets missed; ${results.seconds} s; results in ${resultsFile.slice(root.length)}`);
}

if (process.argv.includes('--couch-server')) {
  // `node bench/run.mjs --couch-server [port]`: the stand-in, kept up (use it with BENCH_COUCH_URL).
  const views = compileMapFunctionsOnce();
  // 50 agents' long polls on one database (the feeds part): PouchDB adds a listener per feed, and warns past 10.
  EventEmitter.defaultMaxListeners = 4 * FEED_AGENTS;
  const { url } = await startCouchServer({ port: Number(only[0] ?? 5990) });
  console.log(`CouchDB-protocol stand-in on ${url} (map functions: ${views})`);
} else if (process.argv.includes('--couch-prepare')) {
  // `BENCH_COUCH_URL=… node bench/run.mjs --couch-prepare`: seeds the couchscale databases and builds their indexes, nothing else.
  const url = process.env.BENCH_COUCH_URL;
  if (!url) throw new Error('--couch-prepare needs BENCH_COUCH_URL');
  for (const size of COUCH_SIZES) console.log(JSON.stringify(await couchPrepare(url.replace(/\/+$/, ''), size)));
  couchAgent.destroy();
} else if (process.argv.includes('--table')) {
  // `node bench/run.mjs --table [results.json]`: prints the table a results file gives (default: the last partial run's).
  console.log(figuresTable(JSON.parse(readFileSync(only[0] ?? join(out, 'results.json'), 'utf8'))));
} else if (process.argv.includes('--docs')) {
  const results = JSON.parse(readFileSync(join(root, 'bench', 'results.json'), 'utf8'));
  writeFigures(results);
  writeFileSync(RESULTS_MD, resultsMarkdown(results));
} else {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
