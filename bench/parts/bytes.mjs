// Issue #20, item 4 ("Bytes"): both bundles' minified, gzip (-9) and brotli (quality 11) sizes
// against the 80 KB gzip budget; the share of each part of the ES bundle (lit, zod, idb, the
// translations, session, stores, model, host bridges, each element), attributed byte by byte
// through the bundle's source map; and the ratio to the Webex Contact Center widgets'
// web-component build (`@webex/cc-widgets` `dist/wc.js`), packed from the registry in the same run.
//
//   node bench/parts/bytes.mjs   prints the same figures without a browser (dist/ as it is)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const KB = 1024;
const BUDGET = 80 * KB;
/** Issue #20's figure, used when the package cannot be packed here. */
const WEBEX_FALLBACK = { gzipBytes: 465 * KB, from: 'issue #20, measured on 2026-11 from @webex/cc-widgets dist/wc.js' };
const BUNDLES = [
  ['es', 'customer-context.js'],
  ['gadget', 'customer-context.gadget.js'],
];

const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;
const brotli = (bytes) =>
  brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  }).length;
const sizes = (bytes) => ({ minifiedBytes: bytes.length, gzipBytes: gzip(bytes), brotliBytes: brotli(bytes) });

// ---- Source-map attribution ----------------------------------------------------------------

const BASE64 = new Map([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].map((c, i) => [c, i]));

/** The segments of a source map's `mappings`, per generated line: `[column, sourceIndex]` (sourceIndex -1 when unmapped). */
function decodeMappings(mappings) {
  const lines = [];
  let source = 0;
  for (const line of mappings.split(';')) {
    const segments = [];
    let column = 0;
    for (const segment of line ? line.split(',') : []) {
      const fields = [];
      let value = 0;
      let shift = 0;
      for (const c of segment) {
        const digit = BASE64.get(c);
        value += (digit & 31) << shift;
        if (digit & 32) {
          shift += 5;
        } else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += fields[0];
      if (fields.length >= 4) source += fields[1];
      segments.push([column, fields.length >= 4 ? source : -1]);
    }
    lines.push(segments);
  }
  return lines;
}

const LIT = /^(lit|lit-html|lit-element|@lit\/reactive-element|@lit\/context|@lit\/localize)$/;

/** The part a source of the map belongs to (a path relative to dist/, as rollup writes it). */
export function partOf(source) {
  const path = source.replace(/\\/g, '/').replace(/^(\.\.\/)+/, '');
  const pkg = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];
  if (pkg) return LIT.test(pkg) ? 'lit' : pkg === 'zod' || pkg === 'idb' ? pkg : `other library: ${pkg}`;
  if (/^src\/i18n\/locales\//.test(path)) return 'translations';
  if (/^src\/i18n\//.test(path)) return 'i18n setup';
  const dir = /^src\/(session|store|model|host)\//.exec(path)?.[1];
  if (dir) return { session: 'session', store: 'stores', model: 'model', host: 'host bridges' }[dir];
  const element = /^src\/components\/([^/]+)\//.exec(path)?.[1];
  if (element) return element === 'shared' ? 'components/shared' : `<${element}>`;
  if (path === 'src/index.ts') return 'entry (src/index.ts)';
  return `other: ${path}`;
}

/**
 * Every byte of a minified bundle, given to the part its source map says produced it: a segment
 * runs to the next one on its line, and a line break and the text before the next line's first
 * segment go with the segment before them; a segment without a source (rollup's glue, a generated
 * module) is 'unmapped'. Columns count UTF-16 units, so the text is cut as a string and measured
 * in UTF-8. The gzip estimate is each part compressed alone, scaled so the parts add up to the
 * bundle's gzip size (gzip finds repeats across parts too).
 */
export function attribute(code, map) {
  const segments = decodeMappings(map.mappings);
  const pieces = new Map();
  const add = (part, text) => {
    if (!text) return;
    if (!pieces.has(part)) pieces.set(part, []);
    pieces.get(part).push(text);
  };
  const partOfSource = map.sources.map(partOf);
  const lines = code.split('\n');
  // Text before a line's first segment continues the segment before it (a template literal's next line).
  let last = 'unmapped';
  lines.forEach((line, i) => {
    const segs = segments[i] ?? [];
    if (!segs.length || segs[0][0] > 0) add(last, line.slice(0, segs[0]?.[0] ?? line.length));
    segs.forEach(([column, source], j) => {
      last = source < 0 ? 'unmapped' : partOfSource[source];
      add(last, line.slice(column, segs[j + 1]?.[0] ?? line.length));
    });
    if (i < lines.length - 1) add(last, '\n');
  });
  const total = Buffer.byteLength(code);
  const totalGzip = gzip(Buffer.from(code));
  const parts = [...pieces].map(([part, texts]) => {
    const bytes = Buffer.from(texts.join(''));
    return { part, minifiedBytes: bytes.length, gzipAloneBytes: gzip(bytes) };
  });
  const gzipAlone = parts.reduce((sum, p) => sum + p.gzipAloneBytes, 0);
  for (const p of parts) {
    p.minifiedShare = p.minifiedBytes / total;
    p.gzipBytesEstimate = Math.round((p.gzipAloneBytes / gzipAlone) * totalGzip);
    p.gzipShareEstimate = p.gzipAloneBytes / gzipAlone;
  }
  const attributed = parts.reduce((sum, p) => sum + p.minifiedBytes, 0);
  if (attributed !== total) throw new Error(`bytes: attributed ${attributed} of ${total} bytes`);
  return parts.sort((a, b) => b.minifiedBytes - a.minifiedBytes);
}

// ---- @webex/cc-widgets ---------------------------------------------------------------------

const isStable = (version) => /^\d+\.\d+\.\d+$/.test(version);
const byVersion = (a, b) => {
  const [x, y] = [a, b].map((v) => v.split(/[.-]/).map((n) => (/^\d+$/.test(n) ? Number(n) : n)));
  for (let i = 0; i < Math.max(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] > y[i] ? 1 : -1;
  return 0;
};
/** npm's own client (a registry it cannot reach fails within the time limit: the fallback figure is then used). */
const npm = (args, cwd, timeout = 60_000) => execFileSync('npm', args, { cwd, encoding: 'utf8', timeout, stdio: ['ignore', 'pipe', 'pipe'] }).trim();

/** `dist/wc.js` of one version of @webex/cc-widgets, packed into `dir` (kept there: a later run reuses the tarball). */
function packWebex(version, dir) {
  mkdirSync(dir, { recursive: true });
  const tarball = `webex-cc-widgets-${version}.tgz`;
  if (!existsSync(join(dir, tarball))) npm(['pack', `@webex/cc-widgets@${version}`, '--pack-destination', dir, '--silent'], dir, 180_000);
  const wc = execFileSync('tar', ['-xzOf', join(dir, tarball), 'package/dist/wc.js'], { maxBuffer: 64 * KB * KB, timeout: 60_000 });
  if (!wc.length) throw new Error(`${tarball} has no package/dist/wc.js`);
  return { version, ...sizes(wc) };
}

/**
 * The peers' web-component build: the newest stable version (the `latest` dist-tag when it is
 * one, else the highest version without a pre-release suffix). A pre-release is measured too when
 * it is all the registry has, but the ratio then uses issue #20's figure.
 */
function webex(out) {
  const dir = join(out, 'webex');
  const result = { source: 'fallback', ...WEBEX_FALLBACK };
  try {
    const tags = JSON.parse(npm(['view', '@webex/cc-widgets', 'dist-tags', '--json'], out));
    const versions = [JSON.parse(npm(['view', '@webex/cc-widgets', 'versions', '--json'], out))].flat();
    const stable = isStable(tags.latest) ? tags.latest : versions.filter(isStable).sort(byVersion).at(-1);
    if (stable) return { source: 'measured', ...packWebex(stable, dir) };
    result.why = `no stable version on the registry (dist-tag latest is ${tags.latest})`;
    if (tags.latest) result.preRelease = packWebex(tags.latest, dir);
  } catch (error) {
    result.why = `not packed here: ${String(error.message ?? error).split('\n')[0]}`;
  }
  return result;
}

// ---- The part ------------------------------------------------------------------------------

export function measure(root, out) {
  const dist = join(root, 'dist');
  const bundles = Object.fromEntries(BUNDLES.map(([key, file]) => [key, { file, ...sizes(readFileSync(join(dist, file))) }]));
  const code = readFileSync(join(dist, 'customer-context.js'), 'utf8');
  const map = JSON.parse(readFileSync(join(dist, 'customer-context.js.map'), 'utf8'));
  return { budgetBytes: BUDGET, bundles, parts: attribute(code, map), webex: webex(out) };
}

const kb = (bytes) => `${(bytes / KB).toFixed(1)} KB`;
const pct = (share) => `${(share * 100).toFixed(1)} %`;

export const part = {
  name: 'bytes',
  pages: [],
  async run(ctx) {
    return measure(ctx.root, ctx.out);
  },
  rows(r, row) {
    for (const [key, label] of [
      ['es', 'Bytes: ES module `customer-context.js`, gzip -9 (minified / brotli 11)'],
      ['gadget', 'Bytes: classic gadget script `customer-context.gadget.js`, gzip -9 (minified / brotli 11)'],
    ]) {
      const b = r.bundles[key];
      row(label, `${kb(b.gzipBytes)} (${kb(b.minifiedBytes)} / ${kb(b.brotliBytes)})`, `≤ ${kb(r.budgetBytes)}`, b.gzipBytes <= r.budgetBytes);
    }
    for (const p of r.parts) {
      // Element names in backticks: a Markdown table would take `<journey-view>` for a tag.
      const name = p.part.startsWith('<') ? `\`${p.part}\`` : p.part;
      row(`  ES bundle part: ${name}, minified (share) / gzip estimate (share)`, `${kb(p.minifiedBytes)} (${pct(p.minifiedShare)}) / ${kb(p.gzipBytesEstimate)} (${pct(p.gzipShareEstimate)})`, 'report', true);
    }
    const es = r.bundles.es.gzipBytes;
    const w = r.webex;
    const ratio = (gzipBytes) => `ours ${(gzipBytes / es).toFixed(1)}× smaller`;
    if (w.source === 'measured') {
      row(`Bytes: the peers' web components, \`@webex/cc-widgets@${w.version}\` \`dist/wc.js\`, gzip -9 / ours (ES module)`, `${kb(w.gzipBytes)}, packed and measured in this run (brotli ${kb(w.brotliBytes)}) / ${kb(es)}: ${ratio(w.gzipBytes)}`, 'report', true);
      return;
    }
    row('Bytes: the peers\' web components, `@webex/cc-widgets` `dist/wc.js`, gzip / ours (ES module)', `${kb(w.gzipBytes)} (fallback: ${w.from}; not measured here: ${w.why}) / ${kb(es)}: ${ratio(w.gzipBytes)}`, 'report', true);
    if (w.preRelease) {
      const p = w.preRelease;
      row(`  the pre-release \`@webex/cc-widgets@${p.version}\` \`dist/wc.js\`, packed and measured in this run, gzip -9 (minified / brotli 11)`, `${kb(p.gzipBytes)} (${kb(p.minifiedBytes)} / ${kb(p.brotliBytes)}): ${ratio(p.gzipBytes)}`, 'report', true);
    }
  },
};

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const out = join(root, 'bench', '.out');
  mkdirSync(out, { recursive: true });
  const r = measure(root, out);
  part.rows(r, (figure, measured, target, holds) => console.log(`${figure} | ${measured} | ${target}${target === 'report' ? '' : holds ? ' | yes' : ' | no'}`));
}
