// The setup command's test bench (test/setup/cli.test.ts), a web-test-runner plugin:
//
//   'setup-cli-build'                      → { ready, reason }: builds dist/couchdb-setup.js
//        (rollup, the setup entry only) when it is missing or older than the sources, so the
//        tests never run a stale command; `ready: false` while a build is still going after 15 s
//        (ask again). `npm test` has built it already (scripts/ensure-bundle.mjs).
//   'setup-cli' { args, env }              → { code, stdout, stderr }: runs
//        `node bin/customer-context-couchdb.js …args` with only PATH and `env` in its environment.
//   'setup-front' { target, headers, users } → { url, closedUrl }: (re)configures the front below
//        and clears its log; `closedUrl` is a loopback port nothing listens on.
//   'setup-front-log'                      → { requests: [{ method, url, authorization }], security: { db: object } }
//
// The front: the CouchDB-protocol test server (scripts/couch-server.mjs) has no `_security` and
// no `_session` (they crash on PouchDB 9), so an HTTP server stands in front of it. It answers
// those two, and the sign-in and admin checks CouchDB 3 makes, with CouchDB 3's documented
// responses (test/setup/fixtures/couchdb3-responses.mjs), and passes every other request on to
// `target`, with `headers` (the test server's own credentials, if any) in place of the
// Authorization it received. It records each request's Authorization header, so a test can
// check that the operator's credentials reached the server.
//   users: [{ authorization, name, roles }]: the Authorization values CouchDB accepts, and whom
//   each signs in as; any other value is a wrong password (401). No header: anonymous.
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { INPUTS, newest } from './ensure-bundle.mjs';
import {
  ANONYMOUS_NOT_ADMIN,
  ANONYMOUS_SESSION,
  HEADERS,
  NEW_DATABASE_SECURITY,
  NO_DATABASE,
  NOT_ADMIN,
  NOT_SERVER_ADMIN,
  SECURITY_SAVED,
  WRONG_CREDENTIALS,
  session,
} from '../test/setup/fixtures/couchdb3-responses.mjs';

const BUNDLE = 'dist/couchdb-setup.js';
const BIN = 'bin/customer-context-couchdb.js';
const RUN_TIMEOUT_MS = 60_000;

function send(res, { status, body }) {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...HEADERS, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function listen(server, port = 0) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve(server.address().port);
    });
  });
}

/** A loopback URL nothing listens on (a port taken and given back). */
async function closedUrl() {
  const server = createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

/** The front: recorded CouchDB 3 answers for `_security`, `_session` and the sign-in; the rest proxied to `config.target`. */
async function startFront() {
  let config = { target: '', headers: {}, users: [] };
  let log = [];
  const security = new Map();

  /** The upstream's answer to a request we make ourselves (does the database exist?). */
  function upstream(method, path) {
    return new Promise((resolve, reject) => {
      const url = new URL(config.target + path);
      const requestFn = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = requestFn(url, { method, headers: { Accept: 'application/json', ...config.headers } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      });
      req.on('error', reject);
      req.end();
    });
  }

  function proxy(req, res) {
    const url = new URL(config.target + req.url);
    const headers = { ...req.headers, host: url.host };
    delete headers.authorization;
    const requestFn = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const out = requestFn(url, { method: req.method, headers: { ...headers, ...config.headers } }, (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
    out.on('error', () => {
      if (!res.headersSent) send502(res);
      else res.destroy();
    });
    req.pipe(out);
  }
  const send502 = (res) => send(res, { status: 502, body: { error: 'bad_gateway', reason: 'the test server behind the front did not answer' } });

  async function handle(req, res) {
    const authorization = req.headers.authorization ?? null;
    log.push({ method: req.method, url: req.url, authorization });
    const user = authorization === null ? null : config.users.find((u) => u.authorization === authorization);
    if (authorization !== null && !user) return send(res, WRONG_CREDENTIALS);

    const { pathname } = new URL(req.url, 'http://front');
    const [, first = '', second = ''] = pathname.split('/');
    const serverAdmin = !!user && user.roles.includes('_admin');
    if (first === '_session' && req.method === 'GET') {
      return send(res, user ? session(user.name, user.roles, authorization.startsWith('Bearer ') ? 'jwt' : 'default') : ANONYMOUS_SESSION);
    }
    if (!first || first.startsWith('_')) return proxy(req, res);

    const db = decodeURIComponent(first);
    const secObj = () => security.get(db) ?? NEW_DATABASE_SECURITY;
    const dbAdmin = () => {
      if (serverAdmin) return true;
      if (!user) return false;
      const admins = secObj().admins ?? {};
      return (admins.names ?? []).includes(user.name) || (admins.roles ?? []).some((role) => user.roles.includes(role));
    };
    const refuse = () => send(res, user ? NOT_ADMIN : ANONYMOUS_NOT_ADMIN);

    if (!second && req.method === 'PUT' && !serverAdmin) return send(res, NOT_SERVER_ADMIN);
    if (second === '_security') {
      if ((await upstream('GET', `/${first}`)) === 404) return send(res, NO_DATABASE);
      // Members may read it (CouchDB 3); anonymous requests are refused like everything else here.
      if (req.method === 'GET') return user ? send(res, { status: 200, body: secObj() }) : refuse();
      if (req.method !== 'PUT') return send(res, { status: 405, body: { error: 'method_not_allowed', reason: 'Only GET,PUT allowed' } });
      if (!dbAdmin()) return refuse();
      security.set(db, JSON.parse(await readBody(req)));
      return send(res, SECURITY_SAVED);
    }
    if (second === '_design' && req.method !== 'GET' && req.method !== 'HEAD' && !dbAdmin()) return refuse();
    return proxy(req, res);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send502(res);
    });
  });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}`,
    configure(next) {
      config = { target: String(next.target).replace(/\/+$/, ''), headers: next.headers ?? {}, users: next.users ?? [] };
      log = [];
    },
    log: () => ({ requests: log, security: Object.fromEntries(security) }),
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Runs the bin with only PATH and `env` in its environment. */
function runCli(root, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, BIN), ...args], { cwd: root, env: { PATH: process.env.PATH ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      stderr += `\n[setup-cli: killed after ${RUN_TIMEOUT_MS} ms]`;
      child.kill('SIGKILL');
    }, RUN_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Why dist/couchdb-setup.js needs building, or null. */
function staleReason(root) {
  const bundle = join(root, BUNDLE);
  if (!existsSync(bundle)) return `${BUNDLE} is missing`;
  const built = statSync(bundle).mtimeMs;
  const changed = INPUTS.find((input) => newest(join(root, input)) > built);
  return changed ? `${changed} changed since it was built` : null;
}

function build(root) {
  return new Promise((resolve, reject) => {
    const child = spawn(join(root, 'node_modules', '.bin', 'rollup'), ['-c', 'rollup.config.mjs', '--configSetupOnly', '--silent'], { cwd: root });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`rollup failed building ${BUNDLE}:\n${output}`))));
  });
}

export function setupCliPlugin({ root = process.cwd() } = {}) {
  let front;
  let building;
  return {
    name: 'setup-cli',
    async executeCommand({ command, payload }) {
      if (command === 'setup-cli-build') {
        // A build can outlast a command's answer (web-test-runner waits 20 s): answer `ready: false`
        // after 15 s while it goes on, and the test asks again.
        building ??= (async () => {
          const reason = staleReason(root);
          if (reason) await build(root);
          return { ready: true, reason };
        })().finally(() => (building = undefined));
        let timer;
        const pending = new Promise((resolve) => (timer = setTimeout(() => resolve({ ready: false, reason: 'building' }), 15_000)));
        return Promise.race([building, pending]).finally(() => clearTimeout(timer));
      }
      if (command === 'setup-cli') {
        return runCli(root, payload?.args ?? [], payload?.env ?? {});
      }
      if (command === 'setup-front' || command === 'setup-front-log') {
        front ??= startFront();
        const running = await front;
        if (command === 'setup-front-log') return running.log();
        if (!payload?.target) throw new Error('setup-front needs { target }: the CouchDB URL to pass requests on to');
        running.configure(payload);
        return { url: running.url, closedUrl: await closedUrl() };
      }
      return undefined;
    },
    async serverStop() {
      if (front) await (await front).stop();
    },
  };
}
