// `npm run bench`: measures the built bundle in headless Chromium and prints a
// table of medians and ratios; writes bench/results.json. See README "Performance".
import { build } from 'esbuild';
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync, copyFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';
import puppeteer from 'puppeteer-core';
import { chromePath, CHROME_FLAGS } from '../scripts/chromium.mjs';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'bench', '.out');
const only = process.argv.slice(2);
const want = (name) => only.length === 0 || only.includes(name);

function ensureBuild() {
  const bundle = join(root, 'dist', 'customer-context.js');
  if (!existsSync(bundle) || process.env.BENCH_REBUILD !== '0') {
    console.log('building dist/customer-context.js …');
    execSync('npx rollup -c rollup.config.mjs', { cwd: root, stdio: 'inherit' });
  }
  return bundle;
}

async function buildPages() {
  mkdirSync(out, { recursive: true });
  await build({
    entryPoints: ['journey', 'store', 'startup', 'memory'].map((p) => join(root, 'bench', 'pages', `${p}.ts`)),
    outdir: out,
    bundle: true,
    format: 'esm',
    target: 'es2022',
    logLevel: 'warning',
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
  for (const page of ['journey', 'store', 'memory']) {
    writeFileSync(join(out, `${page}.html`), `<!doctype html><html lang="en"><meta charset="utf-8"><body><script type="module" src="./${page}.js"></script></body></html>`);
  }
}

function serve() {
  const types = { '.js': 'text/javascript', '.html': 'text/html', '.map': 'application/json', '.xml': 'application/xml' };
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    const file = path.startsWith('/dist/') ? join(root, path) : join(out, path.replace(/^\/bench\//, '/'));
    if (!file.startsWith(root) || !existsSync(file) || statSync(file).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function openPage(browser, url) {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(url);
  return page;
}

async function result(page, timeout = 600_000) {
  await page.waitForFunction('window.__benchDone === true', { timeout, polling: 200 });
  const error = await page.evaluate('window.__benchError');
  if (error) throw new Error(error);
  return page.evaluate('window.__bench');
}

const fmt = (n, unit = 'ms') => (typeof n === 'number' ? `${n < 10 ? n.toFixed(2) : n.toFixed(1)} ${unit}` : String(n));

async function main() {
  const started = Date.now();
  const bundle = ensureBuild();
  await buildPages();
  const server = await serve();
  const base = `http://127.0.0.1:${server.address().port}`;
  const profile = join(root, 'bench', '.profile');
  const browser = await puppeteer.launch({
    executablePath: chromePath(),
    headless: true,
    userDataDir: profile,
    args: [...CHROME_FLAGS, '--js-flags=--expose-gc', '--enable-precise-memory-info'],
    protocolTimeout: 900_000,
  });
  const results = { date: new Date().toISOString().slice(0, 10), machine: `${(await browser.version())}, node ${process.version}` };
  const rows = [];
  try {
    const raw = readFileSync(bundle);
    results.bundle = { minifiedBytes: raw.length, gzipBytes: gzipSync(raw, { level: 9 }).length };
    rows.push(['Bundle (min + gzip -9)', fmt(results.bundle.gzipBytes / 1024, 'KB'), '≤ 40 KB', results.bundle.gzipBytes <= 40 * 1024]);

    if (want('journey')) {
      const page = await openPage(browser, `${base}/bench/journey.html`);
      const r = await result(page);
      results.journey = r;
      for (const size of [10_000, 100_000]) {
        const j = r[`journey${size}`];
        rows.push([`Journey ${size.toLocaleString('en')}: first painted frame`, fmt(j.firstPaintMs), '≤ 16 ms', j.firstPaintMs <= 16]);
        rows.push([`  plain Lit repeat, same data (ratio)`, `${fmt(j.plainFirstPaintMs)} (${j.ratio.toFixed(0)}× slower)`, 'report', true]);
        rows.push([`  rendered rows`, String(j.renderedRows), 'bounded', j.renderedRows < 60]);
      }
      rows.push(['Journey scroll top→bottom: frame work p95', fmt(r.scroll.frameWorkP95Ms), '≤ 16.7 ms', r.scroll.frameWorkP95Ms <= 16.7]);
      rows.push(['  frame interval p95 (rAF, informative)', fmt(r.scroll.frameIntervalP95Ms), 'report', true]);
      await page.close();
    }

    if (want('store')) {
      const page = await openPage(browser, `${base}/bench/store.html`);
      const r = await result(page, 900_000);
      results.store = r;
      if (r.seeded.records) rows.push(['Seed 100k customers / 500k activities (once)', fmt(r.seeded.seededMs / 1000, 's'), 'report', true]);
      rows.push(['Event to screen p95 (100k / 500k store)', fmt(r.eventToScreen.p95Ms), '≤ 50 ms', r.eventToScreen.p95Ms <= 50]);
      for (const kind of ['name', 'phone', 'email']) {
        rows.push([`Search by ${kind} prefix p95 (first 20)`, fmt(r.search[kind].p95Ms), '≤ 20 ms', r.search[kind].p95Ms <= 20]);
      }
      await page.close();
    }

    if (want('startup')) {
      const times = [];
      for (let i = 0; i < 11; i++) {
        const page = await openPage(browser, `${base}/bench/startup.html`);
        await page.waitForFunction('window.__benchDone === true', { timeout: 60_000 });
        times.push(await page.evaluate('window.__startup'));
        await page.close();
      }
      times.sort((a, b) => a - b);
      results.startup = { medianMs: times[Math.floor(times.length / 2)], runs: times.length };
      rows.push(['Start-up to interactive (empty store)', fmt(results.startup.medianMs), '≤ 100 ms', results.startup.medianMs <= 100]);
    }

    if (want('memory')) {
      const growth = [];
      for (let i = 0; i < 5; i++) {
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
      growth.sort((a, b) => a - b);
      results.memory = { heapGrowthMB: growth[2], runs: growth.length };
      rows.push(['Heap growth, 10,000-activity journey open', fmt(results.memory.heapGrowthMB, 'MB'), '≤ 15 MB', results.memory.heapGrowthMB <= 15]);
    }
  } finally {
    await browser.close();
    server.close();
  }
  results.seconds = Math.round((Date.now() - started) / 1000);
  writeFileSync(join(root, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  const width = Math.max(...rows.map((r) => r[0].length));
  console.log(`\n${'figure'.padEnd(width)}  ${'measured'.padEnd(28)}  ${'target'.padEnd(10)}  ok`);
  for (const [name, value, target, ok] of rows) console.log(`${name.padEnd(width)}  ${value.padEnd(28)}  ${target.padEnd(10)}  ${ok ? 'yes' : 'NO'}`);
  console.log(`\n${rows.filter((r) => !r[3]).length} targets missed; ${results.seconds} s; results in bench/results.json`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
