// Test-runner helpers for the hardening tests (test/hardening/, docs/security.md).
//
//   hardeningPlugin()   server commands for the browser tests (`executeServerCommand`):
//     'fuzz-seed'        → { seed, fixed }: the fast-check seed. Fixed under CI (or FUZZ_SEED=n),
//                          random otherwise; a failing run prints it, `FUZZ_SEED=n npm test` replays it.
//     'lint-probe'       → what ESLint says about each forbidden construct put in a file under src/
//                          (linted from memory with the project's own eslint.config.mjs).
//     'layer-probe'      → the same for imports across the layers (forbidden and allowed ones).
//     'fault-proxy'      → an HTTP proxy of its own per test in front of any server, injecting faults:
//                          { op: 'start', target } → { id, url }
//                          { op: 'faults', id, rules: [{ kind: 'status'|'reset'|'delay', status?, ms?, count?, match? }] }
//                          { op: 'down', id } / { op: 'up', id }: the backend stopped (connections cut,
//                          new ones refused) and started again, on the same port
//                          { op: 'stats', id } → { requests, injected }   { op: 'stop', id }
//   strictCspMiddleware()  serves any page asked for with `?csp=strict` with the strict
//                          Content-Security-Policy header (the one docs/security.md promises the gadget runs under).
import { createServer, request as httpRequest } from 'node:http';
import { fileURLToPath } from 'node:url';

export const STRICT_CSP = "script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none'";
export const FIXED_FUZZ_SEED = 20261122;

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Koa middleware: `?csp=strict` on any page → the strict policy as a real response header. */
export function strictCspMiddleware() {
  return async function strictCsp(ctx, next) {
    await next();
    if (ctx.query?.csp === 'strict') {
      ctx.set('Content-Security-Policy', STRICT_CSP);
      ctx.set('Cache-Control', 'no-store');
    }
  };
}

// ---- lint probe ------------------------------------------------------------------

/**
 * Each construct the unsafe-sink rules must refuse in `src/`, with the rule
 * expected to refuse it. Linted as a file at `src/components/lint-probe.ts`
 * (nothing is written to disk), so the real config decides.
 */
export const FORBIDDEN_CONSTRUCTS = [
  ['innerHTML assignment', "export function f(el: HTMLElement, s: string) { el.innerHTML = s; }", 'no-restricted-syntax'],
  ['innerHTML read', "export function f(el: HTMLElement) { return el.innerHTML; }", 'no-restricted-syntax'],
  ['innerHTML by computed key', "export function f(el: HTMLElement, s: string) { el['innerHTML'] = s; }", 'no-restricted-syntax'],
  ['outerHTML', "export function f(el: HTMLElement, s: string) { el.outerHTML = s; }", 'no-restricted-syntax'],
  ['insertAdjacentHTML', "export function f(el: HTMLElement, s: string) { el.insertAdjacentHTML('beforeend', s); }", 'no-restricted-syntax'],
  ['document.write', "export function f(s: string) { document.write(s); }", 'no-restricted-syntax'],
  ['document.writeln', "export function f(s: string) { document.writeln(s); }", 'no-restricted-syntax'],
  ['createContextualFragment', "export function f(s: string) { return document.createRange().createContextualFragment(s); }", 'no-restricted-syntax'],
  ['iframe srcdoc', "export function f(el: HTMLIFrameElement, s: string) { el.srcdoc = s; }", 'no-restricted-syntax'],
  ['eval', "export function f(s: string) { return eval(s); }", 'no-restricted-syntax'],
  ['window.eval', "export function f(s: string) { return window.eval(s); }", 'no-restricted-syntax'],
  ['globalThis.eval', "export function f(s: string) { return globalThis.eval(s); }", 'no-restricted-syntax'],
  ['new Function', "export function f(s: string) { return new Function(s); }", 'no-restricted-syntax'],
  ['Function() without new', "export function f(s: string) { return Function(s); }", 'no-restricted-syntax'],
  ['setTimeout with a string', "export function f() { setTimeout('alert(1)', 10); }", 'no-restricted-syntax'],
  ['setInterval with a template string', "export function f(s: string) { window.setInterval(`${s}`, 10); }", 'no-restricted-syntax'],
  ['window.alert', "export function f() { window.alert('x'); }", 'no-restricted-syntax'],
  ['window.confirm', "export function f() { return window.confirm('x'); }", 'no-restricted-syntax'],
  ['window.prompt', "export function f() { return window.prompt('x'); }", 'no-restricted-syntax'],
  ['alert() without window', "export function f() { alert('x'); }", 'no-restricted-syntax'],
  ['document.write on a frame', "export function f(el: HTMLIFrameElement, s: string) { el.contentDocument!.write(s); }", 'no-restricted-syntax'],
  ['unsafeHTML (lit)', "import { unsafeHTML } from 'lit/directives/unsafe-html.js';\nexport const d = unsafeHTML;", 'no-restricted-imports'],
  ['unsafeSVG (lit)', "import { unsafeSVG } from 'lit/directives/unsafe-svg.js';\nexport const d = unsafeSVG;", 'no-restricted-imports'],
  ['unsafeMathML (lit)', "import { unsafeMathML } from 'lit/directives/unsafe-mathml.js';\nexport const d = unsafeMathML;", 'no-restricted-imports'],
  ['unsafeHTML (lit-html path)', "import { unsafeHTML } from 'lit-html/directives/unsafe-html.js';\nexport const d = unsafeHTML;", 'no-restricted-imports'],
  ['templateContent (lit)', "import { templateContent } from 'lit/directives/template-content.js';\nexport const d = templateContent;", 'no-restricted-imports'],
  ['unsafeStatic (lit/static-html)', "import { unsafeStatic } from 'lit/static-html.js';\nexport const d = unsafeStatic;", 'no-restricted-imports'],
];

/** Code that looks close to the forbidden constructs but is fine: the rules must stay quiet on it. */
export const ALLOWED_CONTROL = [
  "import { html } from 'lit';",
  "import { styleMap } from 'lit/directives/style-map.js';",
  'export const view = (s: string) => html`<p title=${s}>${s}</p><div style=${styleMap({ color: s })}></div>`;',
  'export function text(el: HTMLElement, s: string) { el.textContent = s; }',
  'export function later(f: () => void) { setTimeout(f, 10); window.setInterval(() => f(), 10); }',
  'export function attr(el: HTMLElement, s: string) { el.setAttribute("aria-label", s); }',
].join('\n');

/** Lints each construct with the project's ESLint config as a file under src/. */
export async function probeUnsafeSinks({ cwd = ROOT } = {}) {
  const { ESLint } = await import('eslint');
  const eslint = new ESLint({ cwd });
  const filePath = `${cwd}/src/components/lint-probe.ts`;
  const lint = async (code) => {
    const [result] = await eslint.lintText(code, { filePath });
    return (result?.messages ?? []).map((m) => ({ ruleId: m.ruleId, severity: m.severity, message: m.message }));
  };
  const constructs = [];
  for (const [name, code, rule] of FORBIDDEN_CONSTRUCTS) {
    constructs.push({ name, rule, messages: await lint(code) });
  }
  return { constructs, control: await lint(ALLOWED_CONTROL), config: await eslint.calculateConfigForFile(filePath).then((c) => Boolean(c)) };
}

// ---- layer probe -----------------------------------------------------------------

/**
 * Imports that cross the layers the wrong way (eslint.config.mjs "Layers"): each
 * linted as a file at the given path under src/ (nothing is written), with the
 * project's own config, and must be refused by `no-restricted-imports`.
 * [name, file under src/, code]
 */
export const FORBIDDEN_IMPORTS = [
  ['a component imports the IndexedDB store', 'src/components/journey-view/probe.ts', "import { IndexedDbStore } from '../../store/indexeddb-store.js';\nexport const s = IndexedDbStore;"],
  ['a component imports a store type', 'src/components/tag-input/probe.ts', "import type { ContextStore } from '../../store/context-store.js';\nexport type S = ContextStore;"],
  ['a shared controller imports the outbox', 'src/components/shared/controllers/probe.ts', "import { Outbox } from '../../../store/outbox.js';\nexport const o = Outbox;"],
  ['a component re-exports a store', 'src/components/customer-form/probe.ts', "export { CouchDbStore } from '../../store/couchdb-store.js';"],
  ['a component imports a session internal', 'src/components/request-editor/probe.ts', "import { DraftStore } from '../../session/drafts.js';\nexport const d = DraftStore;"],
  ['a component imports a session internal type', 'src/components/request-editor/probe.ts', "import type { Merge } from '../../session/merge.js';\nexport type M = Merge;"],
  ['a component imports the session class (a value)', 'src/components/customer-context/probe.ts', "import { AgentSession } from '../../session/session.js';\nexport const a = AgentSession;"],
  ['a component imports the agent state machine (a value)', 'src/components/task-queue/probe.ts', "import { AgentStateMachine } from '../../session/agent-state.js';\nexport const m = AgentStateMachine;"],
  ['backend-controller imports another store module', 'src/components/customer-context/backend-controller.ts', "import { Outbox } from '../../store/outbox.js';\nexport const o = Outbox;"],
  ['backend-controller imports a session internal', 'src/components/customer-context/backend-controller.ts', "import { save } from '../../session/saving.js';\nexport const s = save;"],
  ['model imports the session', 'src/model/probe.ts', "import type { AgentSession } from '../session/session.js';\nexport type A = AgentSession;"],
  ['model imports a store', 'src/model/probe.ts', "import { fold } from '../store/keys.js';\nexport const f = fold;"],
  ['model imports a component', 'src/model/probe.ts', "import { emit } from '../components/shared/emit.js';\nexport const e = emit;"],
  ['model imports the public entry', 'src/model/probe.ts', "export * from '../index.js';"],
  ['store imports the session', 'src/store/probe.ts', "import { mergeRecord } from '../session/merge.js';\nexport const m = mergeRecord;"],
  ['store imports a component', 'src/store/probe.ts', "import { emit } from '../components/shared/emit.js';\nexport const e = emit;"],
  ['store imports the host', 'src/store/probe.ts', "import { MessageBridge } from '../host/message-bridge.js';\nexport const b = MessageBridge;"],
  ['session imports a component', 'src/session/probe.ts', "import type { JourneyView } from '../components/journey-view/journey-view.js';\nexport type J = JourneyView;"],
  ['session imports the host', 'src/session/probe.ts', "import { FinesseBridge } from '../host/finesse-bridge.js';\nexport const f = FinesseBridge;"],
  ['host imports a component', 'src/host/probe.ts', "import type { ErrorDetail } from '../components/customer-context/events.js';\nexport type E = ErrorDetail;"],
  ['host imports a store', 'src/host/probe.ts', "import { IndexedDbStore } from '../store/indexeddb-store.js';\nexport const s = IndexedDbStore;"],
  ['host imports a session internal', 'src/host/probe.ts', "import { DraftStore } from '../session/drafts.js';\nexport const d = DraftStore;"],
  ['host imports the session class (a value)', 'src/host/probe.ts', "import { AgentSession } from '../session/session.js';\nexport const a = AgentSession;"],
  // Each layer's block replaces the rule's options: the unsafe-sink imports must still be refused there.
  ...['src/model/probe.ts', 'src/store/probe.ts', 'src/session/probe.ts', 'src/host/probe.ts', 'src/components/customer-context/backend-controller.ts'].map((file) => [
    `unsafeHTML is still refused in ${file}`,
    file,
    "import { unsafeHTML } from 'lit/directives/unsafe-html.js';\nexport const d = unsafeHTML;",
  ]),
];

/** Imports the layers allow: the rule must stay quiet on them. [name, file under src/, code] */
export const ALLOWED_IMPORTS = [
  ['a component imports model and shared', 'src/components/journey-view/probe.ts', "import { CHANNELS } from '../../model/records.js';\nimport { emit } from '../shared/emit.js';\nexport const x = [CHANNELS, emit];"],
  ['a component imports session types', 'src/components/task-queue/probe.ts', "import type { TaskPreview } from '../../session/session.js';\nimport { type AgentStateSnapshot } from '../../session/agent-state.js';\nexport type T = [TaskPreview, AgentStateSnapshot];"],
  ['a component imports another element', 'src/components/customer-context/probe.ts', "import '../journey-view/define.js';\nimport type { JourneyView } from '../journey-view/journey-view.js';\nexport type J = JourneyView;"],
  ['backend-controller makes the session and its drafts', 'src/components/customer-context/backend-controller.ts', "import { AgentSession } from '../../session/session.js';\nimport { DraftStore } from '../../session/drafts.js';\nexport const x = [AgentSession, DraftStore];"],
  ['backend-controller imports store/backend.ts', 'src/components/customer-context/backend-controller.ts', "import { createBackend, type Backend } from '../../store/backend.js';\nexport const b: [typeof createBackend, Backend | null] = [createBackend, null];"],
  ['model imports model', 'src/model/probe.ts', "import { MAX_TEXT } from './limits.js';\nexport const m = MAX_TEXT;"],
  ['store imports model and store', 'src/store/probe.ts', "import { stamp } from '../model/index.js';\nimport { fold } from './keys.js';\nexport const x = [stamp, fold];"],
  ['session imports model and store', 'src/session/probe.ts', "import { stamp } from '../model/index.js';\nimport { Outbox } from '../store/outbox.js';\nexport const x = [stamp, Outbox];"],
  ['host imports model and session types', 'src/host/probe.ts', "import { parseHostEvent } from '../model/index.js';\nimport type { AgentSession } from '../session/session.js';\nexport const p = parseHostEvent;\nexport type A = AgentSession;"],
  ['the public entry imports every layer', 'src/index.ts', "export * from './model/index.js';\nexport { IndexedDbStore } from './store/indexeddb-store.js';\nexport { AgentSession } from './session/session.js';\nexport { CustomerContext } from './components/customer-context/define.js';"],
];

/** Lints each import with the project's ESLint config at its path under src/. */
export async function probeLayers({ cwd = ROOT } = {}) {
  const { ESLint } = await import('eslint');
  const eslint = new ESLint({ cwd });
  const lint = async ([name, file, code]) => {
    const [result] = await eslint.lintText(code, { filePath: `${cwd}/${file}` });
    const messages = (result?.messages ?? []).map((m) => ({ ruleId: m.ruleId, severity: m.severity, message: m.message }));
    return { name, file, messages };
  };
  const forbidden = [];
  for (const entry of FORBIDDEN_IMPORTS) forbidden.push(await lint(entry));
  const allowed = [];
  for (const entry of ALLOWED_IMPORTS) allowed.push(await lint(entry));
  return { forbidden, allowed };
}

// ---- fault proxy -----------------------------------------------------------------

function listen(server, port) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve(server.address().port);
    });
  });
}

/**
 * An HTTP proxy to `target` that injects faults on the way: an HTTP status
 * (5xx, 401 …) with CORS headers so the page reads it, a connection reset, a
 * delay before forwarding (a slow server; the request is still applied when
 * it arrives, as a real one would), `delay-answer` (forwarded at once, the
 * answer held `ms`: the server took the write, its answer is slow) or
 * `drop-answer` (forwarded at once, the connection cut when the answer comes:
 * the server took the write, its answer never arrives). Rules are used in order, each `count` times
 * (`-1`: until cleared); `match` is a substring of `METHOD /path?query`.
 * Preflights (OPTIONS) always pass.
 */
export async function startFaultProxy({ target }) {
  const upstream = new URL(target);
  const sockets = new Set();
  let rules = [];
  const stats = { requests: 0, injected: 0 };
  const take = (req) => {
    if (req.method === 'OPTIONS') return undefined;
    const line = `${req.method} ${req.url}`;
    const rule = rules.find((r) => r.count !== 0 && (!r.match || line.includes(r.match)));
    if (rule && rule.count > 0) rule.count -= 1;
    return rule;
  };
  const cors = (req) => {
    const origin = req.headers.origin;
    return origin
      ? { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' }
      : {};
  };
  const server = createServer((req, res) => {
    stats.requests += 1;
    const rule = take(req);
    if (rule) stats.injected += 1;
    if (rule?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (rule?.kind === 'status') {
      res.writeHead(rule.status ?? 503, { ...cors(req), 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: 'injected', reason: `fault proxy: ${rule.status ?? 503}` }));
      return;
    }
    const forward = () => {
      if (req.socket.destroyed) return;
      const proxied = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          if (rule?.kind === 'drop-answer') {
            answer.resume();
            answer.on('end', () => req.socket.destroy());
            return;
          }
          const send = () => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          };
          if (rule?.kind === 'delay-answer') setTimeout(send, rule.ms ?? 1000);
          else send();
        },
      );
      proxied.on('error', () => res.destroy());
      req.pipe(proxied);
    };
    if (rule?.kind === 'delay') setTimeout(forward, rule.ms ?? 1000);
    else forward();
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const port = await listen(server, 0);
  let up = true;
  const cut = () => {
    for (const socket of sockets) socket.destroy();
    sockets.clear();
  };
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    setRules(next) {
      rules = (next ?? []).map((r) => ({ ...r, count: r.count ?? -1 }));
    },
    async down() {
      if (!up) return;
      up = false;
      const closed = new Promise((resolve) => server.close(() => resolve()));
      cut();
      await closed;
    },
    async up() {
      if (up) return;
      await listen(server, port);
      up = true;
    },
    async stop() {
      rules = [];
      cut();
      if (server.listening) await new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** web-test-runner plugin: the server commands above. */
export function hardeningPlugin({ env = process.env } = {}) {
  const proxies = new Map();
  let nextId = 1;
  const seed = env.FUZZ_SEED ? Number(env.FUZZ_SEED) : env.CI ? FIXED_FUZZ_SEED : Math.floor(Math.random() * 2 ** 31);
  const fixed = Boolean(env.FUZZ_SEED || env.CI);
  return {
    name: 'hardening',
    async executeCommand({ command, payload }) {
      if (command === 'fuzz-seed') return { seed, fixed };
      if (command === 'lint-probe') return probeUnsafeSinks();
      if (command === 'layer-probe') return probeLayers();
      if (command !== 'fault-proxy') return undefined;
      const op = payload?.op;
      if (op === 'start') {
        const proxy = await startFaultProxy({ target: payload.target });
        const id = String(nextId++);
        proxies.set(id, proxy);
        return { id, url: proxy.url };
      }
      const proxy = proxies.get(String(payload?.id));
      if (!proxy) throw new Error(`fault-proxy: no proxy ${payload?.id}`);
      if (op === 'faults') proxy.setRules(payload.rules);
      else if (op === 'down') await proxy.down();
      else if (op === 'up') await proxy.up();
      else if (op === 'stats') return { ...proxy.stats };
      else if (op === 'stop') {
        proxies.delete(String(payload.id));
        await proxy.stop();
      } else throw new Error(`fault-proxy: unknown op ${op}`);
      return true;
    },
    async serverStop() {
      for (const proxy of proxies.values()) await proxy.stop();
      proxies.clear();
    },
  };
}

// `node scripts/hardening.mjs lint-probe`: the lint-rule check by hand (exit 1 when a construct gets through).
if (import.meta.url === `file://${process.argv[1]}` && process.argv[2] === 'lint-probe') {
  const { constructs, control } = await probeUnsafeSinks();
  const missed = constructs.filter((c) => !c.messages.some((m) => m.ruleId === c.rule && m.severity === 2));
  for (const c of constructs) console.log(`${missed.includes(c) ? 'MISSED ' : 'refused'}  ${c.name}`);
  const noisy = control.filter((m) => m.ruleId === 'no-restricted-syntax' || m.ruleId === 'no-restricted-imports');
  if (noisy.length) console.log(`control flagged: ${noisy.map((m) => m.message).join('; ')}`);
  process.exit(missed.length || noisy.length ? 1 : 0);
}

// `node scripts/hardening.mjs layer-probe`: the layer check by hand (exit 1 when an import gets through or an allowed one is flagged).
if (import.meta.url === `file://${process.argv[1]}` && process.argv[2] === 'layer-probe') {
  const { forbidden, allowed } = await probeLayers();
  const missed = forbidden.filter((c) => !c.messages.some((m) => m.ruleId === 'no-restricted-imports' && m.severity === 2));
  const flagged = allowed.filter((c) => c.messages.some((m) => m.severity === 2));
  for (const c of forbidden) console.log(`${missed.includes(c) ? 'MISSED ' : 'refused'}  ${c.name}`);
  for (const c of flagged) console.log(`flagged  ${c.name}: ${c.messages.map((m) => m.message).join('; ')}`);
  process.exit(missed.length || flagged.length ? 1 : 0);
}
