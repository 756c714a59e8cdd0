import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';

const unsafeSinks = [
  { selector: "MemberExpression[property.name='innerHTML']", message: 'Customer text must stay text: no innerHTML.' },
  { selector: "MemberExpression[property.name='outerHTML']", message: 'Customer text must stay text: no outerHTML.' },
  { selector: "CallExpression[callee.property.name='insertAdjacentHTML']", message: 'No insertAdjacentHTML.' },
  { selector: "CallExpression[callee.name='eval']", message: 'No eval.' },
  { selector: "NewExpression[callee.name='Function']", message: 'No new Function.' },
  { selector: "CallExpression[callee.object.name='window'][callee.property.name=/^(alert|confirm|prompt)$/]", message: 'A gadget never blocks the desktop: use an in-gadget dialog.' },
  // Hardening (docs/security.md; proved by test/hardening/lint-rule.test.ts):
  // the same sinks reached another way, and the other ways a string becomes markup or code.
  { selector: "MemberExpression[computed=true][property.value=/^(innerHTML|outerHTML|srcdoc)$/]", message: 'Customer text must stay text: no innerHTML/outerHTML/srcdoc, not even by a computed key.' },
  { selector: "MemberExpression[property.name='srcdoc']", message: 'Customer text must stay text: no iframe srcdoc.' },
  { selector: "CallExpression[callee.property.name=/^(write|writeln)$/] > MemberExpression.callee Identifier[name=/^(document|contentDocument|ownerDocument)$/]", message: 'No document.write.' },
  { selector: "CallExpression[callee.property.name='createContextualFragment']", message: 'Customer text must stay text: no createContextualFragment.' },
  { selector: "CallExpression[callee.property.name='eval']", message: 'No eval, not even window.eval / globalThis.eval.' },
  { selector: "CallExpression[callee.name='Function']", message: 'No Function(): it is eval.' },
  { selector: "CallExpression[callee.name=/^(setTimeout|setInterval)$/][arguments.0.type=/^(Literal|TemplateLiteral|BinaryExpression)$/]", message: 'No string code in setTimeout/setInterval: pass a function.' },
  { selector: "CallExpression[callee.property.name=/^(setTimeout|setInterval)$/][arguments.0.type=/^(Literal|TemplateLiteral|BinaryExpression)$/]", message: 'No string code in setTimeout/setInterval: pass a function.' },
  { selector: "CallExpression[callee.name=/^(alert|confirm|prompt)$/]", message: 'A gadget never blocks the desktop: use an in-gadget dialog.' },
  { selector: "CallExpression[callee.object.name=/^(globalThis|self)$/][callee.property.name=/^(alert|confirm|prompt)$/]", message: 'A gadget never blocks the desktop: use an in-gadget dialog.' },
];

// Imports that turn customer text into markup, refused everywhere in src/ (proved by test/hardening/lint-rule.test.ts).
const unsafeImports = {
  paths: [{ name: 'lit/directives/unsafe-html.js', message: 'Customer text must stay text: no unsafeHTML.' },
          { name: 'lit/directives/unsafe-svg.js', message: 'No unsafeSVG.' },
          { name: 'lit/static-html.js', importNames: ['unsafeStatic'], message: 'No unsafeStatic.' },
          { name: 'lit-html/static.js', importNames: ['unsafeStatic'], message: 'No unsafeStatic.' }],
  // The same directives by any path (lit-html/…, unsafe-mathml, template-content).
  patterns: [{ group: ['**/directives/unsafe-*', '**/directives/template-content*'], message: 'Customer text must stay text: no unsafe-* or templateContent directive.' }],
};

// ---- Layers (DESIGN.md "Layers"; proved by test/hardening/layers-lint.test.ts) ----------------
// Data flows one way: host → session → store, model under all of them, elements on top.
//   model       imports nothing of ours
//   store       imports model only
//   session     imports model and store
//   host        imports model, and the session's public types (session/session.ts) only
//   setup       the operators' setup command (built for Node, dist/couchdb-setup.js): imports model
//               and store; nothing else in src/ imports it
//   components  never import store (one door: customer-context/backend-controller.ts may import
//               store/backend.ts) nor session internals (types only, from session/session.ts and
//               session/agent-state.ts)
// The patterns match the import path as written: a relative path climbing to a layer's folder
// (`../store/…`, `../../session/drafts.js`), from any depth. src/index.ts (the public entry) and
// src/i18n/ are not a layer: they may import anything.
const up = (folder) => `^(\\.\\./)+${folder}`;
const layer = {
  model: [{ regex: `${up('(store|session|host|components|i18n)')}/|${up('index\\.js')}$`, message: 'model/ is pure and imports nothing of ours (DESIGN.md "Layers").' }],
  store: [{ regex: `${up('(session|host|components|i18n)')}/`, message: 'store/ imports only model/ (DESIGN.md "Layers").' }],
  setup: [{ regex: `${up('(session|host|components|i18n)')}/|${up('index\\.js')}$`, message: 'setup/ (the operators\' command, run by Node) imports only model/ and store/.' }],
  session: [{ regex: `${up('(host|components|i18n)')}/`, message: 'session/ imports only model/ and store/ (DESIGN.md "Layers").' }],
  host: [
    { regex: `${up('(store|components|i18n)')}/`, message: 'host/ hands events to the session: it imports model/ (and the session\'s public types), never store/ or components/ (DESIGN.md "Layers").' },
    { regex: `${up('session')}/(?!session\\.js$)`, message: 'host/ may import only the public types of session/session.ts.' },
    { regex: `${up('session')}/session\\.js$`, allowTypeImports: true, message: 'host/ may import only types from session/session.ts (`import type`).' },
  ],
  components: (store) => [
    store,
    { regex: `${up('session')}/(?!(session|agent-state)\\.js$)`, message: 'Elements never import session internals: they get state as properties and report intent with events (DESIGN.md "Layers").' },
    { regex: `${up('session')}/(session|agent-state)\\.js$`, allowTypeImports: true, message: 'Elements may import only types from session/session.ts and session/agent-state.ts (`import type`): the session acts, the element reports intent.' },
  ],
};
const noStore = { regex: `${up('store')}/`, message: 'Elements never talk to a store: the session owns persistence (DESIGN.md "Layers"); only customer-context/backend-controller.ts may import store/backend.ts.' };
const backendOnly = { regex: `${up('store')}/(?!backend\\.js$)`, message: 'backend-controller.ts may import store/backend.ts only: the Backend object is the one door to persistence.' };
// The composition root's backend controller makes the session and its drafts: it alone may import
// AgentSession (session/session.ts) and DraftStore (session/drafts.ts) as values; no other session internals.
const compositionRoot = [
  backendOnly,
  { regex: `${up('session')}/(?!(session|agent-state|drafts)\\.js$)`, message: 'backend-controller.ts makes the session (session/session.ts) and its drafts (session/drafts.ts): nothing else of session/.' },
];
/** The unsafe-sink imports plus one layer's patterns (one rule, so a later block must repeat the first). */
// src/setup/ is the operators' command, not the gadget: nothing else imports it (it would ship the command in the gadget's bundle).
const noSetup = { regex: '^(\\./|(\\.\\./)+)setup/', message: 'setup/ is the operators\' setup command (run by Node), not part of the gadget: nothing else in src/ imports it.' };
const restrictedImports = (patterns = []) => ['error', { paths: unsafeImports.paths, patterns: [...unsafeImports.patterns, noSetup, ...patterns] }];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'custom-elements.json', 'coverage/', '.tmp/', 'bench/.out/', 'bench/.profile/', 'src/i18n/locales/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.mjs', 'scripts/**', 'bench/**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'demo/**/*.ts', 'bench/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    ...lit.configs['flat/recommended'],
  },
  {
    files: ['src/**/*.ts', 'demo/**/*.ts'],
    ...wc.configs['flat/recommended'],
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'error',
      'no-restricted-syntax': ['error', ...unsafeSinks],
      'no-restricted-imports': restrictedImports(),
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // The layers: each block repeats the unsafe-sink imports (a later block replaces the rule's options).
  { files: ['src/model/**/*.ts'], rules: { 'no-restricted-imports': restrictedImports(layer.model) } },
  { files: ['src/store/**/*.ts'], rules: { 'no-restricted-imports': restrictedImports(layer.store) } },
  { files: ['src/setup/**/*.ts'], rules: { 'no-restricted-imports': restrictedImports(layer.setup) } },
  { files: ['src/session/**/*.ts'], rules: { 'no-restricted-imports': restrictedImports(layer.session) } },
  { files: ['src/host/**/*.ts'], rules: { 'no-restricted-imports': restrictedImports(layer.host) } },
  { files: ['src/components/**/*.ts'], rules: { 'no-restricted-imports': restrictedImports(layer.components(noStore)) } },
  { files: ['src/components/customer-context/backend-controller.ts'], rules: { 'no-restricted-imports': restrictedImports(compositionRoot) } },
  {
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-expressions': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
