// `npm run bench`: measures the built bundle in headless Chromium and prints a
// table of medians and ratios with their targets; writes bench/results.json and,
// after a full run, the figures table of docs/performance.md (between its
// `bench:figures:start` and `bench:figures:end` markers). See docs/performance.md.
//
//   node bench/run.mjs [bundle] [journey] [store] [startup] [memory] [couch]
//   node bench/run.mjs --docs   only rewrites docs/performance.md's table from bench/results.json
//   BENCH_REBUILD=0   use dist/ as it is (no rollup build first)
//   BENCH_PORT=8765   the page server's port: IndexedDB is kept per origin, so the
//                     100k-customer database in bench/.profile is reused only on the same port
import { build } from 'esbuild';
import { execSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { extname, join, normalize, relative } from 'node:path';
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
const PAGES = ['journey', 'store', 'startup', 'memory', 'couch'];
const STARTUP_RUNS = 15;
const MEMORY_RUNS = 5;

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

// ---- the figures table of docs/performance.md --------------------------------

const one = (n) => (n >= 100 ? Math.round(n).toLocaleString('en') : n.toFixed(1));
const ms = (n) => `${one(n)} ms`;
const holds = (ok) => (ok ? 'yes' : '**no**');

/** The table docs/performance.md shows, from a full run's results (bench/results.json). */
function figuresTable(r) {
  const rows = [];
  const row = (figure, measured, target, ok) => rows.push(`| ${figure} | ${measured} | ${target} | ${target === 'report' ? '—' : holds(ok)} |`);
  if (r.bundle) row('Bundle: all elements, five locales, both stores (min + gzip -9)', `${(r.bundle.gzipBytes / 1024).toFixed(1)} KB`, '≤ 40 KB', r.bundle.gzipBytes <= 40 * 1024);
  if (r.gadgetBundle) row('Same, the classic script gadget.xml loads (`customer-context.gadget.js`)', `${(r.gadgetBundle.gzipBytes / 1024).toFixed(1)} KB`, '≤ 40 KB', r.gadgetBundle.gzipBytes <= 40 * 1024);
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
  if (r.store?.seeded?.records) row(`Seeding ${r.store.seeded.records.toLocaleString('en')} records (first run only)`, `${(r.store.seeded.seededMs / 1000).toFixed(0)} s`, 'report');
  return [
    `Measured ${r.date} with \`npm run bench\` (${r.seconds} s${r.store?.seeded?.records ? ', seeding included' : ''}), on ${r.machine} (load average ${r.loadAverageAtStart} at the start):`,
    '',
    '| figure | measured | target | holds |',
    '| --- | --- | --- | --- |',
    ...rows,
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
    row('Bundle (minified + gzip -9)', fmt(results.bundle.gzipBytes / 1024, 'KB'), '≤ 40 KB', results.bundle.gzipBytes <= 40 * 1024);
    // The same build's classic script (an IIFE), the file gadget.xml loads in Finesse.
    const gadgetRaw = readFileSync(join(root, 'dist', 'customer-context.gadget.js'));
    results.gadgetBundle = { minifiedBytes: gadgetRaw.length, gzipBytes: gzipSync(gadgetRaw, { level: 9 }).length };
    row('  classic gadget bundle (customer-context.gadget.js)', fmt(results.gadgetBundle.gzipBytes / 1024, 'KB'), '≤ 40 KB', results.gadgetBundle.gzipBytes <= 40 * 1024);

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
  } finally {
    await browser.close();
    server.close();
  }
  results.seconds = Math.round((Date.now() - started) / 1000);
  // Only a full run replaces bench/results.json and the table of docs/performance.md; a partial one goes to bench/.out.
  const resultsFile = only.length === 0 ? join(root, 'bench', 'results.json') : join(out, 'results.json');
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  if (only.length === 0) writeFigures(results);
  const width = Math.max(...rows.map((r) => r[0].length));
  console.log(`\n${results.date}, ${results.machine} (load average ${results.loadAverageAtStart} at start)\n`);
  console.log(`${'figure'.padEnd(width)}  ${'measured'.padEnd(30)}  ${'target'.padEnd(10)}  ok`);
  for (const [name, value, target, ok] of rows) console.log(`${name.padEnd(width)}  ${value.padEnd(30)}  ${target.padEnd(10)}  ${ok ? 'yes' : 'NO'}`);
  console.log(`\n${rows.filter((r) => !r[3]).length} targets missed; ${results.seconds} s; results in ${resultsFile.slice(root.length)}`);
}

if (process.argv.includes('--docs')) {
  writeFigures(JSON.parse(readFileSync(join(root, 'bench', 'results.json'), 'utf8')));
} else {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
