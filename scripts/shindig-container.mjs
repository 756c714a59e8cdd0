// A stand-in for the gadget server of the Finesse desktop (Apache Shindig), for
// test/host/shindig-container.test.ts: it renders a gadget the way the container does,
// at a gadget-rendering path, and rewrites the gadget's scripts the way Shindig's content
// rewriting does. Koa middleware for the test runner (web-test-runner.config.mjs); the
// test page is on http://localhost:<port>, the gadget on http://127.0.0.1:<port>: another
// origin, as the Finesse gadget iframe is to a host page.
//
//   GET /gadgets/ifr?url=<gadget.xml>&up_<name>=<value>…&parent=<origin>
//       [&rewrite=none|proxy|concat][&excludes=honor|ignore][&setup=<json>]
//     Fetches the spec over HTTP, fills the UserPrefs (defaults, then `up_*`), substitutes
//     `__UP_<name>__` and `__MODULE_ID__` in the Content (Shindig's "hangman" variables),
//     resolves each `<script src>` against the spec's URL (AbsolutePathReferenceVisitor),
//     then rewrites the scripts Shindig's content-rewrite config lets it rewrite:
//       none    leaves them as they are;
//       proxy   points each at /gadgets/proxy?…&url=<it> (ProxyingVisitor: other attributes kept);
//       concat  replaces each run of adjacent scripts (only whitespace and comments between
//               them) with one copy of the run's first tag pointing at /gadgets/concat?…&1=…&2=…
//               (ConcatVisitor: the copy keeps the first tag's attributes, `type` included).
//     A script is rewritable unless the spec's `content-rewrite` feature has an `exclude-url`
//     that is a case-insensitive substring of its URL (ContentRewriterFeature); `excludes=ignore`
//     plays a container that ignores the Optional feature. The page's head holds what the
//     container injects before the Content: the `gadgets.*` stand-in (/gadgets/js/<features>.js)
//     and, for the test, the prefs and Finesse setup the stand-ins read and a remote control
//     the test page drives with postMessage (/gadgets/test-agent.js, test/host/container-agent.ts).
//   GET /gadgets/proxy?url=<u>          the resource at <u>, as fetched.
//   GET /gadgets/concat?1=<u1>&2=<u2>…  the resources one after the other, each between
//     `/* ---- Start <u> ---- */` and `/* ---- End <u> ---- */` lines (ConcatProxyServlet).
//   GET /gadgets/js/<features>.js       test/fixtures/finesse/shindig-features.ts as a classic script.
//   GET /desktop/assets/js/finesse.min.js (or finesse.js)  the finesse.js stand-in
//     (test/fixtures/finesse/fake-finesse.ts) as a classic script, as the Finesse server
//     serves the real one; jquery.min.js: an empty stand-in (neither the fake nor the gadget uses it).
//   GET /3rdpartygadget/files/<folder>/<file>  the gadget's files, as a web server serves
//     them (no transform): customer-context/ is dist/; customer-context-module/ is the old
//     gadget.xml (test/fixtures/finesse/module-gadget/) next to dist/customer-context.js.
//
// Proxy and concat fetch only this server's own URLs (localhost or 127.0.0.1, this port).
import { build } from 'esbuild';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** URL folder → the folders its files come from, first match wins. */
export const GADGET_FOLDERS = {
  '/3rdpartygadget/files/customer-context/': ['dist'],
  '/3rdpartygadget/files/customer-context-module/': ['test/fixtures/finesse/module-gadget', 'dist'],
};

const CLASSIC_SCRIPTS = {
  features: 'test/fixtures/finesse/shindig-features.ts',
  finesse: 'test/fixtures/finesse/fake-finesse.ts',
  agent: 'test/host/container-agent.ts',
};

const TYPES = { '.js': 'text/javascript; charset=utf-8', '.xml': 'application/xml; charset=utf-8', '.map': 'application/json; charset=utf-8' };

// ---- the gadget spec ------------------------------------------------------------------

const decodeXml = (text) =>
  text.replace(/&(lt|gt|quot|apos|amp);/g, (_, name) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[name]);

function attributes(tag) {
  const found = {};
  for (const [, name, , double, single, bare] of tag.matchAll(/([^\s=/>]+)\s*(=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
    found[name.toLowerCase()] = decodeXml(double ?? single ?? bare ?? '');
  }
  return found;
}

/**
 * The parts of a gadget spec the container uses: features, the content-rewrite
 * `exclude-url` params, UserPrefs with their defaults, and the html Content. XML
 * comments are dropped first (CDATA sections are kept as they are).
 */
export function parseGadgetSpec(xml) {
  const cdata = [];
  const text = xml
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_, body) => `<![CDATA[#${cdata.push(body) - 1}]]>`)
    .replace(/<!--[\s\S]*?-->/g, '');
  const restore = (s) => s.replace(/<!\[CDATA\[#(\d+)\]\]>/g, (_, i) => cdata[Number(i)]);
  const features = [...text.matchAll(/<(Require|Optional)\b([^>]*?)\/?>/g)].map(([, kind, attrs]) => ({ kind, name: attributes(attrs).feature ?? '' }));
  const rewrite = text.match(/<(Require|Optional)\s+feature\s*=\s*["']content-rewrite["'][^>]*>([\s\S]*?)<\/\1>/);
  const excludeUrls = rewrite
    ? [...rewrite[2].matchAll(/<Param\b([^>]*)>([\s\S]*?)<\/Param>/g)].filter(([, attrs]) => attributes(attrs).name === 'exclude-url').map(([, , value]) => decodeXml(value).trim().toLowerCase())
    : [];
  const userPrefs = [...text.matchAll(/<UserPref\b([^>]*?)\/?>/g)].map(([, attrs]) => {
    const a = attributes(attrs);
    return { name: a.name ?? '', defaultValue: a.default_value ?? '', datatype: a.datatype ?? 'string' };
  });
  const content = text.match(/<Content\b([^>]*)>([\s\S]*?)<\/Content>/);
  return {
    features,
    excludeUrls,
    userPrefs,
    contentType: content ? (attributes(content[1]).type ?? 'html') : '',
    // A Content in a CDATA section is taken as written; otherwise its XML escapes are undone.
    content: content ? restore(/<!\[CDATA\[#\d+\]\]>/.test(content[2]) ? content[2] : decodeXml(content[2])).trim() : '',
  };
}

/** Shindig's hangman substitution: `__UP_<name>__` (the pref's value) and `__MODULE_ID__`. */
export function substitute(content, prefs, moduleId = '0') {
  return content.replace(/__UP_([A-Za-z0-9_.-]+?)__/g, (_, name) => prefs[name] ?? '').replace(/__MODULE_ID__/g, moduleId);
}

/** ContentRewriterFeature.shouldRewriteURL with the default include-urls `.*`: not excluded. */
export function shouldRewrite(url, excludeUrls) {
  const lower = url.toLowerCase();
  return !excludeUrls.some((substring) => substring && lower.includes(substring));
}

// ---- rewriting the Content's scripts ---------------------------------------------------

const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
const BETWEEN = /^(?:\s|<!--(?!\[if)[\s\S]*?-->)*$/;

/** Writes a start tag back with the attributes given (values escaped). */
function startTag(attrs) {
  const escape = (v) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<script${Object.entries(attrs).map(([k, v]) => (v === '' && k !== 'src' ? ` ${k}` : ` ${k}="${escape(v)}"`)).join('')}>`;
}

/**
 * The Content as the container serves it: every `<script src>` absolute (resolved against
 * the spec's URL), then proxied or concatenated when `rewrite` says so and the URL is not
 * excluded. Returns the html and the script URLs as the page will load them.
 */
export function rewriteScripts(content, { specUrl, rewrite = 'none', excludeUrls = [], container = 'default' }) {
  const common = `container=${container}&gadget=${encodeURIComponent(specUrl)}&debug=0&nocache=0`;
  const scripts = [...content.matchAll(SCRIPT)].map((m) => {
    const attrs = attributes(m[1]);
    if (attrs.src !== undefined) attrs.src = new URL(attrs.src, specUrl).href;
    return { start: m.index, end: m.index + m[0].length, attrs, body: m[2], text: m[0] };
  });
  const rewritable = (s) => s.attrs.src !== undefined && rewrite !== 'none' && shouldRewrite(s.attrs.src, excludeUrls);

  // Runs of adjacent rewritable scripts (concat), or single ones.
  const groups = [];
  for (const script of scripts) {
    const last = groups.at(-1);
    const previous = last?.at(-1);
    const adjacent = previous && rewrite === 'concat' && rewritable(previous) && rewritable(script) && BETWEEN.test(content.slice(previous.end, script.start));
    if (adjacent) last.push(script);
    else groups.push([script]);
  }

  let html = '';
  let at = 0;
  for (const group of groups) {
    const first = group[0];
    const last = group.at(-1);
    html += content.slice(at, first.start);
    at = last.end;
    if (rewrite === 'concat' && group.length > 1) {
      const urls = group.map((s, i) => `${i + 1}=${encodeURIComponent(s.attrs.src)}`).join('&');
      html += `${startTag({ ...first.attrs, src: `/gadgets/concat?${common}&type=js&${urls}` })}</script>`;
    } else if (rewrite === 'proxy' && rewritable(first)) {
      html += `${startTag({ ...first.attrs, src: `/gadgets/proxy?${common}&refresh=3600&url=${encodeURIComponent(first.attrs.src)}` })}</script>`;
    } else if (first.attrs.src !== undefined) {
      html += `${startTag(first.attrs)}${first.body}</script>`;
    } else {
      html += first.text;
    }
  }
  return html + content.slice(at);
}

// ---- serving -----------------------------------------------------------------------------

/** A file under one of `dirs` (relative to the repository), or null. */
function fileIn(dirs, name) {
  for (const dir of dirs) {
    const base = join(ROOT, dir);
    const file = normalize(join(base, name));
    if (file.startsWith(base + sep) && existsSync(file) && statSync(file).isFile()) return file;
  }
  return null;
}

async function classicScript(entry) {
  const result = await build({
    entryPoints: [join(ROOT, entry)],
    bundle: true,
    format: 'iife',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    tsconfig: join(ROOT, 'tsconfig.json'),
  });
  return result.outputFiles[0].text;
}

/** Only this server's own resources: the proxy is no open proxy. */
function ownUrl(ctx, value) {
  let url;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  const port = ctx.request.socket.localPort;
  return ['localhost', '127.0.0.1'].includes(url.hostname) && Number(url.port) === port && url.protocol === 'http:' ? url : null;
}

async function fetchOwn(ctx, value) {
  const url = ownUrl(ctx, value);
  if (!url) return { status: 400, type: 'text/plain', body: `not fetched: ${value}` };
  const response = await fetch(url, { cache: 'no-store' });
  return { status: response.status, type: response.headers.get('content-type') ?? 'application/octet-stream', body: Buffer.from(await response.arrayBuffer()) };
}

const inlineJson = (value) => JSON.stringify(value).replace(/</g, '\\u003c');

async function renderGadget(ctx) {
  const query = ctx.query;
  const specUrl = String(query.url ?? '');
  const fetched = await fetchOwn(ctx, specUrl);
  if (fetched.status !== 200) {
    ctx.status = 404;
    ctx.body = `gadget spec ${specUrl}: HTTP ${fetched.status}`;
    return;
  }
  const spec = parseGadgetSpec(fetched.body.toString('utf8'));
  if (spec.contentType !== 'html') {
    ctx.status = 400;
    ctx.body = `only Content type="html" is rendered (${spec.contentType})`;
    return;
  }
  const prefs = Object.fromEntries(spec.userPrefs.map((p) => [p.name, p.defaultValue]));
  for (const [key, value] of Object.entries(query)) if (key.startsWith('up_')) prefs[key.slice(3)] = String(value);
  if (query.lang) prefs.language ??= String(query.lang);
  if (query.country) prefs.country ??= String(query.country);
  const rewrite = ['proxy', 'concat'].includes(query.rewrite) ? query.rewrite : 'none';
  const excludeUrls = query.excludes === 'ignore' ? [] : spec.excludeUrls;
  const content = rewriteScripts(substitute(spec.content, prefs), { specUrl, rewrite, excludeUrls });
  const features = spec.features.map((f) => f.name).filter(Boolean).join(':') || 'core';
  let setup;
  try {
    setup = query.setup ? JSON.parse(String(query.setup)) : undefined;
  } catch {
    ctx.status = 400;
    ctx.body = 'setup is not JSON';
    return;
  }
  ctx.type = 'text/html; charset=utf-8';
  ctx.set('Cache-Control', 'no-store');
  ctx.body = [
    '<!DOCTYPE html>',
    '<html><head>',
    '<style>body,td,div,span,p{font-family:arial,sans-serif;}body{margin:0px;padding:0px;background-color:white;}</style>',
    // Test only: the remote control comes first, so it sees every error the gadget's scripts raise.
    '<script src="/gadgets/test-agent.js"></script>',
    `<script>window.__shindigParent = ${inlineJson(String(query.parent ?? ''))}; window.__gadgetPrefs = ${inlineJson(prefs)}; window.__finesseSetup = ${inlineJson(setup)};</script>`,
    `<script src="/gadgets/js/${encodeURIComponent(features).replace(/%3A/g, ':')}.js?container=default&amp;c=1"></script>`,
    '</head><body>',
    content,
    '</body></html>',
  ].join('\n');
}

async function concatResources(ctx) {
  ctx.type = 'text/javascript; charset=utf-8';
  const parts = [];
  for (let i = 1; ctx.query[String(i)] !== undefined; i++) {
    const url = String(ctx.query[String(i)]);
    const { status, body } = await fetchOwn(ctx, url);
    parts.push(status === 200 ? `/* ---- Start ${url} ---- */\r\n${body.toString('utf8')}/* ---- End ${url} ---- */\r\n` : `/* ---- Error ${status} (${url}) ---- */\r\n`);
  }
  ctx.body = parts.join('');
}

/** Koa middleware serving the container's paths (see the top of this file); anything else goes on. */
export function shindigContainerMiddleware({ folders = GADGET_FOLDERS } = {}) {
  return async function shindigContainer(ctx, next) {
    const path = ctx.path;
    if (path === '/gadgets/ifr') return renderGadget(ctx);
    if (path === '/gadgets/concat') return concatResources(ctx);
    if (path === '/gadgets/proxy') {
      const { status, type, body } = await fetchOwn(ctx, String(ctx.query.url ?? ''));
      ctx.status = status;
      ctx.type = type;
      ctx.set('Cache-Control', 'no-store');
      ctx.body = body;
      return;
    }
    if (path === '/gadgets/test-agent.js' || (path.startsWith('/gadgets/js/') && path.endsWith('.js'))) {
      ctx.type = 'text/javascript; charset=utf-8';
      ctx.body = await classicScript(path === '/gadgets/test-agent.js' ? CLASSIC_SCRIPTS.agent : CLASSIC_SCRIPTS.features);
      return;
    }
    if (path === '/desktop/assets/js/finesse.min.js' || path === '/desktop/assets/js/finesse.js') {
      ctx.type = 'text/javascript; charset=utf-8';
      ctx.body = await classicScript(CLASSIC_SCRIPTS.finesse);
      return;
    }
    if (path === '/desktop/assets/js/jquery.min.js') {
      ctx.type = 'text/javascript; charset=utf-8';
      ctx.body = '/* jQuery stand-in: finesse.js needs jQuery; the finesse.js stand-in and the gadget do not. */\n';
      return;
    }
    const folder = Object.keys(folders).find((prefix) => path.startsWith(prefix));
    if (folder) {
      const file = fileIn(folders[folder], decodeURIComponent(path.slice(folder.length)));
      if (!file) {
        ctx.status = 404;
        return;
      }
      ctx.type = TYPES[extname(file)] ?? 'application/octet-stream';
      ctx.set('Cache-Control', 'no-store');
      ctx.body = readFileSync(file);
      return;
    }
    return next();
  };
}
