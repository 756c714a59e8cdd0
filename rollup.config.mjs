import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const GADGET_BUNDLE = 'customer-context.gadget.js';
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

/**
 * The stamp on the classic bundle's URL in dist/gadget.xml: the package version and the
 * first 10 hex digits of the SHA-256 of the bundle as written (`0.1.0-3f2a9c1d0b`). Any
 * change to the bundle is a new URL, so no cache on the way (the Finesse container's
 * proxy and concat caches, the browser, a CDN) can serve an old bundle to a new gadget.xml.
 */
function gadgetStamp(bundle) {
  return `${version}-${createHash('sha256').update(bundle).digest('hex').slice(0, 10)}`;
}

/**
 * Writes dist/gadget.xml next to the classic bundle (the files a Finesse administrator
 * uploads), its `<script src="customer-context.gadget.js">` stamped `?v=<gadgetStamp>`.
 */
function stampGadgetXml() {
  return {
    name: 'stamp-gadget-xml',
    writeBundle(options) {
      const source = readFileSync('gadget.xml', 'utf8');
      const tag = `src="${GADGET_BUNDLE}"`;
      const count = source.split(tag).length - 1;
      if (count !== 1) this.error(`stamp-gadget-xml: gadget.xml must load ${tag} exactly once (found ${count})`);
      const stamp = gadgetStamp(readFileSync(options.file));
      mkdirSync('dist', { recursive: true });
      writeFileSync('dist/gadget.xml', source.replace(tag, `src="${GADGET_BUNDLE}?v=${stamp}"`));
    },
  };
}

/** Calls `visit` on every node of an ESTree AST. */
function walk(node, visit) {
  if (!node || typeof node.type !== 'string') return;
  visit(node);
  for (const key of Object.keys(node)) {
    const value = node[key];
    if (Array.isArray(value)) for (const child of value) walk(child, visit);
    else if (value && typeof value === 'object' && typeof value.type === 'string') walk(value, visit);
  }
}

/**
 * The transforms below keep every line where it was (they only remove spaces
 * and join nothing across lines), so they return `map: null` and the bundle's
 * source map stays right to the line.
 */
const newlines = (text) => text.replace(/[^\n]/g, '');
/** A run of whitespace: its line breaks if it has any, else one space. */
const collapse = (run) => newlines(run) || ' ';

/** Replaces source ranges (`[start, end, text]`, not overlapping) in `code`. */
function splice(code, edits) {
  let out = '';
  let at = 0;
  for (const [start, end, text] of [...edits].sort((a, b) => a[0] - b[0])) {
    out += code.slice(at, start) + text;
    at = end;
  }
  return out + code.slice(at);
}

const LOCALES_DIR = 'src/i18n/locales';
/**
 * The generated module that holds the shared message ids. Its id has no `\0` (rollup leaves such
 * modules out of the source map) and names no file on disk: only this plugin resolves and loads it.
 */
const LOCALE_KEYS = 'cc-locale-keys';
const LOCALE_KEYS_ID = join(process.cwd(), LOCALES_DIR, 'locale-keys.generated.js');
/** An id lit-localize generated from the message's text (not one given in the source). */
const isHashId = (key) => /^s[0-9a-f]{16}$/.test(key);
const isLocaleModule = (id) => /[\\/]src[\\/]i18n[\\/]locales[\\/][^\\/]+\.ts$/.test(id);

/**
 * lit-localize writes each locale as `{ 's<hash>': translation, … }`: the same
 * 160-odd random ids four times over, which gzip cannot shrink. Here every
 * locale module becomes a list of translations in one shared key order, and
 * the ids ship once (`cc-locale-keys`), cut to the few characters that tell
 * them apart. The runtime reads `templates[id]` as before; a translation a
 * locale lacks is left out, as before.
 */
function localeTables() {
  let keys = [];
  let width = 0;
  return {
    name: 'locale-tables',
    buildStart() {
      const all = new Set();
      for (const file of readdirSync(LOCALES_DIR).filter((f) => f.endsWith('.ts'))) {
        for (const [, key] of readFileSync(join(LOCALES_DIR, file), 'utf8').matchAll(/^\s*'([^'\n]+)':/gm)) all.add(key);
      }
      keys = [...all].sort();
      // Generated ids (`s` + 16 hex digits) are cut to the shortest prefix that tells them apart,
      // and one character more: a message added later must not borrow a translation (the i18n
      // check also fails until it has its own). Ids given in the source (`msg(…, { id })`) stay whole.
      const hashed = keys.filter(isHashId);
      const given = keys.filter((key) => !isHashId(key));
      const prefixes = (n) => new Set(hashed.map((key) => key.slice(0, n)));
      width = 1;
      while (width <= 17 && prefixes(width).size < hashed.length) width++;
      width += 1;
      const shortKeys = new Set([...prefixes(width), ...given]);
      if (shortKeys.size < keys.length) this.error('locale-tables: two message ids cannot be told apart');
    },
    resolveId: {
      order: 'pre',
      handler: (id) => (id === LOCALE_KEYS ? LOCALE_KEYS_ID : null),
    },
    load(id) {
      if (id !== LOCALE_KEYS_ID) return null;
      const short = keys.map((key) => (isHashId(key) ? key.slice(0, width) : key));
      const code = [
        `const keys = ${JSON.stringify(short)};`,
        // lit-localize only reads \`templates[id]\`: the proxy answers a given id whole, a generated one by its prefix.
        `export const table = (values) => { const byKey = Object.fromEntries(keys.map((key, i) => [key, values[i]])); return new Proxy(byKey, { get: (target, id) => typeof id !== 'string' ? undefined : /^s[0-9a-f]{16}$/.test(id) ? target[id.slice(0, ${width})] : target[id] }); };`,
        '',
      ].join('\n');
      // Its bytes show as the translations' in the bundle's source map (bench/parts/bytes.mjs).
      return { code, map: null };
    },
    transform(code, id) {
      if (!isLocaleModule(id)) return null;
      const ast = this.parse(code);
      let object;
      walk(ast, (node) => {
        if (node.type === 'VariableDeclarator' && node.id.name === 'templates' && node.init?.type === 'ObjectExpression') object = node.init;
      });
      if (!object) this.error(`locale-tables: no \`templates\` object in ${id}`);
      const values = new Array(keys.length).fill('');
      for (const property of object.properties) {
        const key = property.key.type === 'Literal' ? String(property.key.value) : property.key.name;
        const index = keys.indexOf(key);
        if (property.computed || index < 0) this.error(`locale-tables: unexpected key ${key} in ${id}`);
        values[index] = code.slice(property.value.start, property.value.end);
      }
      // As many lines as the object had (the files list their keys in this same sorted order).
      let table = `table([${values.join(',\n')}])`;
      const missing = newlines(code.slice(object.start, object.end)).length - newlines(table).length;
      if (missing > 0) table += '\n'.repeat(missing);
      const edited = splice(code, [[object.start, object.end, table]]);
      // The import goes on the first line, which holds only a comment.
      return { code: `import { table } from '${LOCALE_KEYS}'; ${edited}`, map: null };
    },
  };
}

/** Collapses the whitespace and comments of CSS text (one template chunk: its edges keep one space or line break). */
function minifyCss(text) {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, newlines)
    .replace(/\s+/g, collapse)
    .replace(/ ?([{};,]) ?/g, '$1')
    .replace(/: /g, ':')
    .replace(/;(\n*)}/g, '$1}');
}

/**
 * Whitespace inside the tags of an `html` template (between attributes) is
 * one space; text between tags is left exactly as written (it can matter, e.g.
 * under `white-space: pre-wrap`). `state` carries whether a chunk ends inside
 * a tag or an attribute value across `${…}` expressions.
 */
function minifyHtmlChunk(text, state) {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (state.quote) {
      if (c === state.quote) state.quote = '';
      out += c;
    } else if (state.inTag) {
      if (c === '"' || c === "'") state.quote = c;
      if (c === '>') state.inTag = false;
      if (/\s/.test(c)) {
        let j = i;
        while (j + 1 < text.length && /\s/.test(text[j + 1])) j++;
        const next = text[j + 1];
        // Before `>` or `/>` a space can go; elsewhere one space (or the line breaks) separates attributes.
        out += next === '>' || (next === '/' && text[j + 2] === '>') ? newlines(text.slice(i, j + 1)) : collapse(text.slice(i, j + 1));
        i = j;
      } else {
        out += c;
      }
    } else {
      if (c === '<' && /[a-zA-Z/!]/.test(text[i + 1] ?? '')) state.inTag = true;
      out += c;
    }
  }
  return out;
}

/**
 * Minifies the CSS of `css` templates and the markup of `html`/`svg` templates
 * in the project's own modules (not in libraries). Template structure (the
 * number and order of `${…}` parts) never changes.
 */
function minifyTemplates() {
  return {
    name: 'minify-templates',
    transform(code, id) {
      if (!/[\\/]src[\\/].*\.ts$/.test(id) || isLocaleModule(id) || !/\b(css|html|svg) ?`/.test(code)) return null;
      const ast = this.parse(code);
      const edits = [];
      walk(ast, (node) => {
        if (node.type !== 'TaggedTemplateExpression' || node.tag.type !== 'Identifier') return;
        const tag = node.tag.name;
        if (tag !== 'css' && tag !== 'html' && tag !== 'svg') return;
        const state = { inTag: false, quote: '' };
        for (const quasi of node.quasi.quasis) {
          const raw = code.slice(quasi.start, quasi.end);
          const text = tag === 'css' ? minifyCss(raw) : minifyHtmlChunk(raw, state);
          if (text !== raw) edits.push([quasi.start, quasi.end, text]);
        }
      });
      if (!edits.length) return null;
      return { code: splice(code, edits), map: null };
    },
  };
}

/**
 * `msg(…, { desc })`: the description is for translators (lit-localize extract writes it to
 * the XLIFF files); the runtime reads only `id`, so `desc` is left out of the bundle (and the
 * whole options object when `desc` was all it held).
 */
function msgDescriptions() {
  return {
    name: 'msg-descriptions',
    transform(code, id) {
      if (!/[\\/]src[\\/].*\.ts$/.test(id) || isLocaleModule(id) || !/\bdesc\s*:/.test(code)) return null;
      const edits = [];
      walk(this.parse(code), (node) => {
        if (node.type !== 'CallExpression' || node.callee.type !== 'Identifier' || node.callee.name !== 'msg') return;
        const [template, options] = node.arguments;
        if (node.arguments.length !== 2 || options.type !== 'ObjectExpression') return;
        const props = options.properties;
        const isDesc = (p) => p.type === 'Property' && !p.computed && (p.key.name ?? p.key.value) === 'desc';
        if (!props.some(isDesc)) return;
        const drop = (start, end) => edits.push([start, end, newlines(code.slice(start, end))]);
        if (props.every(isDesc)) {
          drop(template.end, options.end);
          return;
        }
        props.forEach((p, i) => {
          if (!isDesc(p)) return;
          if (i > 0) drop(props[i - 1].end, p.end);
          else drop(p.start, props[i + 1].start);
        });
      });
      if (!edits.length) return null;
      return { code: splice(code, edits), map: null };
    },
  };
}

/** The published bundle is a production build: `DEV_MODE` is `false`, so development warnings fall away. */
function productionMode() {
  return {
    name: 'production-mode',
    load(id) {
      return /[\\/]src[\\/]components[\\/]shared[\\/]dev-mode\.ts$/.test(id) ? 'export const DEV_MODE = false;\n' : null;
    },
  };
}

/** Terser on one output: `module` for the ES module; not for the classic script, whose `'use strict'` must stay. */
const minify = (module) => terser({ module, ecma: 2022, compress: { passes: 2 }, format: { comments: false } });

/**
 * One build, two files from the same modules:
 * - dist/customer-context.js, the ES module: the package's `exports` entry for npm users
 *   and pages that load `<script type="module">`;
 * - dist/customer-context.gadget.js, one classic script (an IIFE: no import, no export,
 *   no top-level await) for gadget.xml. A gadget container may proxy or concatenate the
 *   gadget's `<script src>` tags (Shindig's content rewriting), which a module does not
 *   survive. Loading it does what importing the module does (defines the elements, starts
 *   the Finesse bridge on a gadget page), and `window.CustomerContext` holds the module's
 *   exports.
 */
const browser = {
  input: 'src/index.ts',
  output: [
    {
      file: 'dist/customer-context.js',
      format: 'es',
      sourcemap: true,
      plugins: [minify(true)],
    },
    {
      file: `dist/${GADGET_BUNDLE}`,
      format: 'iife',
      name: 'CustomerContext',
      sourcemap: true,
      // The top-level `var CustomerContext` is a global in a classic script; a container that
      // wrapped the script in a function would make it local, so the global is also set by name.
      footer: 'window.CustomerContext = CustomerContext;',
      plugins: [minify(false), stampGadgetXml()],
    },
  ],
  onwarn(warning, warn) {
    // zod's internal modules import each other in a cycle; harmless and not ours.
    const inZod = (id) => id?.includes('node_modules/zod');
    if (warning.code === 'CIRCULAR_DEPENDENCY' && warning.ids?.some(inZod)) return;
    // zod places a `@__PURE__` comment where rollup cannot use it; rollup drops it, nothing else changes.
    if (warning.code === 'INVALID_ANNOTATION' && inZod(warning.id)) return;
    warn(warning);
  },
  plugins: [
    productionMode(),
    resolve({ browser: true, exportConditions: ['browser', 'production'] }),
    typescript({ tsconfig: './tsconfig.build.json', declaration: false, emitDeclarationOnly: false, outDir: 'dist', sourceMap: true }),
    // After TypeScript: these work on its JavaScript output.
    localeTables(),
    minifyTemplates(),
    msgDescriptions(),
  ],
};

/**
 * dist/couchdb-setup.js: the operators' setup command (`npx customer-context-couchdb setup`,
 * src/setup/cli.ts), an ES module for Node (>= 20: global fetch) that bin/customer-context-couchdb.js
 * runs. Not minified: an operator may read what it does. It takes the design document from the
 * same sources as the gadget, so the two cannot drift; nothing of it reaches the browser bundles.
 */
const setup = {
  input: 'src/setup/cli.ts',
  output: { file: 'dist/couchdb-setup.js', format: 'es', sourcemap: false },
  onwarn: browser.onwarn,
  plugins: [
    resolve({ exportConditions: ['node', 'production'], preferBuiltins: true }),
    typescript({ tsconfig: './tsconfig.build.json', declaration: false, emitDeclarationOnly: false, outDir: 'dist', sourceMap: false }),
  ],
};

// `rollup -c rollup.config.mjs --configSetupOnly` builds only the setup command (scripts/setup-cli.mjs does, for the tests).
export default (args = {}) => (args.configSetupOnly ? setup : [browser, setup]);
