import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { designDoc } from '../../src/setup/design.js';
import { DESIGN_ID } from '../../src/store/couchdb/views.js';
import { couchInfo, couchJson, couchStore, dropDatabase } from '../helpers/couch.js';
import { activity, customer } from '../helpers/data.js';

// Issue #15, items 4 and 5: the operators' setup command, `npx customer-context-couchdb setup
// <url> <db>` (bin/customer-context-couchdb.js → dist/couchdb-setup.js, from src/setup/cli.ts),
// run as a real process by the `setup-cli` plugin (scripts/setup-cli.mjs) against the test
// server. The test server has no `_security` or `_session`: the plugin's front answers them (and
// CouchDB 3's sign-in and admin checks) with CouchDB 3's documented responses
// (test/setup/fixtures/couchdb3-responses.mjs), passes everything else through, and records
// each request's Authorization header.

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}
interface FrontLog {
  requests: Array<{ method: string; url: string; authorization: string | null }>;
  security: Record<string, unknown>;
}

const unique = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
const PASSWORD = `pw-${unique}-secret`;
const AGENT_PASSWORD = `agent-pw-${unique}`;
const TOKEN = `jwt.${unique}.signature`;
const basic = (user: string, password: string) => `Basic ${btoa(`${user}:${password}`)}`;
const ADMIN_ENV = { COUCHDB_USER: 'ops-admin', COUCHDB_PASSWORD: PASSWORD };
const USERS = [
  { authorization: basic('ops-admin', PASSWORD), name: 'ops-admin', roles: ['_admin'] },
  { authorization: `Bearer ${TOKEN}`, name: 'ops-jwt', roles: ['_admin'] },
  { authorization: basic('agent-7', AGENT_PASSWORD), name: 'agent-7', roles: ['cc-agents'] },
];
const WANTED_SECURITY = { admins: { names: [], roles: ['cc-operators'] }, members: { names: [], roles: ['cc-agents'] } };

let front = '';
let closed = '';
let counter = 0;

async function resetFront(): Promise<void> {
  const { url, headers } = await couchInfo();
  const answer = await executeServerCommand<{ url: string; closedUrl: string }, unknown>('setup-front', { target: url, headers, users: USERS });
  front = answer!.url;
  closed = answer!.closedUrl;
}
const frontLog = async () => (await executeServerCommand<FrontLog, undefined>('setup-front-log'))!;
async function cli(args: string[], env: Record<string, string> = ADMIN_ENV): Promise<CliResult> {
  const result = await executeServerCommand<CliResult, unknown>('setup-cli', { args, env });
  if (!result) throw new Error('the setup-cli plugin is not in web-test-runner.config.mjs');
  return result;
}
const setup = (db: string, ...flags: string[]) => cli(['setup', front, db, ...flags]);
/** What a run printed, both streams, for the "never printed" checks. */
const printed = (result: CliResult) => `${result.stdout}\n${result.stderr}`;
const withoutRev = (doc: unknown) => Object.fromEntries(Object.entries(doc as Record<string, unknown>).filter(([key]) => key !== '_rev'));
/** The requests that wrote something. */
const writes = (log: FrontLog) => log.requests.filter((r) => r.method !== 'GET' && r.method !== 'HEAD');

describe('customer-context-couchdb setup', function () {
  this.timeout(60000);
  let db: string;

  before(async function () {
    // dist/couchdb-setup.js is current (built here when older than the sources; `npm test` built it already).
    this.timeout(300000);
    // Each answer comes within 15 s; a build under way answers `ready: false`.
    while (!(await executeServerCommand<{ ready: boolean }, undefined>('setup-cli-build'))?.ready);
  });
  beforeEach(async () => {
    db = `cc-setup-${unique}-${counter++}`;
    await resetFront();
  });
  afterEach(async () => {
    await dropDatabase(db);
  });

  it('on a new database: creates it, installs the design document, builds its indexes, sets _security; the views answer', async () => {
    const result = await setup(db);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.match(new RegExp(`database ${db}: created`));
    expect(result.stdout).to.include(`${DESIGN_ID}: installed`);
    expect(result.stdout).to.match(/indexes of _design\/cc-v4: built in \d+\.\d s \(views keys, journey, requests, interactions, tags, history\)/);
    expect(result.stdout).to.include('_security: set (admins: roles cc-operators; members: roles cc-agents');
    expect(result.stdout).to.include('sign-in: ops-admin (roles: _admin)');

    const stored = await couchJson('GET', `/${db}/${DESIGN_ID}`);
    expect(stored.status).to.equal(200);
    expect(withoutRev(stored.body)).to.deep.equal(JSON.parse(JSON.stringify(designDoc())));
    expect((await frontLog()).security[db]).to.deep.equal(WANTED_SECURITY);

    // The store reads the views the command installed: a lookup (R1.2) and a search find a new customer.
    const store = await couchStore(db);
    try {
      const ana = await store.create('customer', customer({ name: 'Ana García', phones: ['+34 600 111 222'] }), { by: 'agent-7' });
      expect((await store.findByContact({ phone: '+34600111222' })).map((c) => c.id)).to.deep.equal([ana.id]);
      expect((await store.search('garc')).map((hit) => hit.customer.id)).to.deep.equal([ana.id]);
    } finally {
      store.close();
    }
  });

  it('run again: everything unchanged, nothing written, exit 0', async () => {
    expect((await setup(db)).code).to.equal(0);
    const rev = ((await couchJson('GET', `/${db}/${DESIGN_ID}`)).body as { _rev: string })._rev;
    await resetFront();

    const again = await setup(db);
    expect(again.code, again.stderr).to.equal(0);
    expect(again.stdout).to.include(`database ${db}: unchanged`);
    expect(again.stdout).to.include(`${DESIGN_ID}: unchanged`);
    expect(again.stdout).to.include('_security: unchanged');
    expect(again.stdout).not.to.match(/created|installed|upgraded|_security: set/);
    expect(writes(await frontLog())).to.deep.equal([]);
    expect(((await couchJson('GET', `/${db}/${DESIGN_ID}`)).body as { _rev: string })._rev).to.equal(rev);
  });

  it('upgrades an outdated _design/cc-v4 (other views): the new indexes are built under _design/cc-v4-next first, which is then removed', async () => {
    expect((await couchJson('PUT', `/${db}`)).status).to.equal(201);
    const outdated = { language: 'javascript', views: { keys: { map: 'function (doc) { emit(doc._id, null); }' } } };
    expect((await couchJson('PUT', `/${db}/${DESIGN_ID}`, outdated)).status).to.equal(201);

    const result = await setup(db);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.include(`${DESIGN_ID}: upgraded (changed: views keys, journey, requests, interactions, tags`);
    expect(result.stdout).to.include('indexes of _design/cc-v4-next: built');
    expect(result.stdout).to.include('_design/cc-v4-next: deleted');
    expect(withoutRev((await couchJson('GET', `/${db}/${DESIGN_ID}`)).body)).to.deep.equal(JSON.parse(JSON.stringify(designDoc())));
    expect((await couchJson('GET', `/${db}/_design/cc-v4-next`)).status).to.equal(404);
    // The staging copy was written (and built) before the design document agents read.
    const order = writes(await frontLog()).map((r) => `${r.method} ${r.url.split('?')[0]}`);
    expect(order.indexOf(`PUT /${db}/_design/cc-v4-next`)).to.be.within(0, order.indexOf(`PUT /${db}/${DESIGN_ID}`) - 1);
    const store = await couchStore(db);
    try {
      const ana = await store.create('customer', customer({ emails: ['ana@example.com'] }), { by: 'agent-7' });
      expect((await store.findByContact({ email: 'ANA@example.com' })).map((c) => c.id)).to.deep.equal([ana.id]);
    } finally {
      store.close();
    }
  });

  it('a design document that differs only in validate_doc_update is upgraded in place (same views, no index rebuilt)', async () => {
    expect((await couchJson('PUT', `/${db}`)).status).to.equal(201);
    const wanted = designDoc();
    const older = { ...wanted, validate_doc_update: 'function (newDoc) {}' };
    expect((await couchJson('PUT', `/${db}/${DESIGN_ID}`, older)).status).to.equal(201);
    const result = await setup(db);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.include(`${DESIGN_ID}: upgraded (changed: validate_doc_update)`);
    expect((await frontLog()).requests.some((r) => r.url.includes('cc-v4-next'))).to.equal(false);
    expect(withoutRev((await couchJson('GET', `/${db}/${DESIGN_ID}`)).body)).to.deep.equal(JSON.parse(JSON.stringify(wanted)));
  });

  it('--check on a bare database lists what is missing, writes nothing, exits 1', async () => {
    expect((await couchJson('PUT', `/${db}`)).status).to.equal(201);
    const result = await setup(db, '--check');
    expect(result.code, result.stderr).to.equal(1);
    expect(result.stdout).to.include(`database ${db}: in place`);
    expect(result.stdout).to.include(`${DESIGN_ID}: missing`);
    expect(result.stdout).to.include('_security: missing (now admins: roles _admin; members: roles _admin');
    expect(result.stdout).to.include('2 missing or outdated (_design/cc-v4, _security): run the same command without --check');
    expect(writes(await frontLog())).to.deep.equal([]);
    expect((await couchJson('GET', `/${db}/${DESIGN_ID}`)).status).to.equal(404);
  });

  it('--check on a database that does not exist says so and creates nothing', async () => {
    const result = await setup(db, '--check');
    expect(result.code).to.equal(1);
    expect(result.stdout).to.include(`database ${db}: missing`);
    expect(result.stdout).to.include('3 missing or outdated');
    expect(writes(await frontLog())).to.deep.equal([]);
    expect((await couchJson('GET', `/${db}`)).status).to.equal(404);
  });

  it('--check on a database set up: all in place, exit 0; an outdated part makes it exit 1 again', async () => {
    expect((await setup(db)).code).to.equal(0);
    const ok = await setup(db, '--check');
    expect(ok.code, ok.stdout).to.equal(0);
    expect(ok.stdout).to.include(`${DESIGN_ID}: in place`);
    expect(ok.stdout).to.include('_security: in place');
    expect(ok.stdout.trim().split('\n').at(-1)).to.equal('all in place');

    const otherRoles = await setup(db, '--check', '--agents-role', 'desk-agents');
    expect(otherRoles.code).to.equal(1);
    expect(otherRoles.stdout).to.include('_security: outdated (now admins: roles cc-operators; members: roles cc-agents; wanted admins: roles cc-operators; members: roles desk-agents)');
  });

  it('issue #18: a database set up for version 2 gets the current design document (with the tags view) beside it; cc-v2 is kept for gadgets still deployed, then pruned', async () => {
    expect((await couchJson('PUT', `/${db}`)).status).to.equal(201);
    const v2Views = Object.fromEntries(Object.entries(designDoc().views).filter(([name]) => name !== 'tags'));
    const v2 = { language: 'javascript', views: v2Views, validate_doc_update: designDoc().validate_doc_update };
    expect((await couchJson('PUT', `/${db}/_design/cc-v2`, v2)).status).to.equal(201);
    const result = await setup(db);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.include('_design/cc-v4: installed');
    expect(result.stdout).to.include('older design documents: kept: _design/cc-v2');
    expect((await couchJson('GET', `/${db}/_design/cc-v2`)).status).to.equal(200);
    const grouped = await couchJson('GET', `/${db}/_design/cc-v4/_view/tags?group=true`);
    expect(grouped.status).to.equal(200);
    expect((await setup(db, '--prune')).stdout).to.include('older design documents: deleted: _design/cc-v2');
  });

  it('issue #19: a database set up for version 3 is outdated for --check; the setup puts _design/cc-v4 (history view, lastName keys) beside cc-v3, whose gadgets go on reading it', async () => {
    expect((await couchJson('PUT', `/${db}`)).status).to.equal(201);
    const v3Views = Object.fromEntries(Object.entries(designDoc().views).filter(([name]) => name !== 'history'));
    const v3 = { language: 'javascript', views: v3Views, validate_doc_update: designDoc().validate_doc_update };
    expect((await couchJson('PUT', `/${db}/_design/cc-v3`, v3)).status).to.equal(201);
    const check = await setup(db, '--check');
    expect(check.code, check.stdout).to.equal(1);
    expect(check.stdout).to.include('_design/cc-v4: missing');
    expect(writes(await frontLog())).to.deep.equal([]);

    const result = await setup(db);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.include('_design/cc-v4: installed');
    expect(result.stdout).to.match(/indexes of _design\/cc-v4: built in .* \(views keys, journey, requests, interactions, tags, history\)/);
    expect(result.stdout).to.include('older design documents: kept: _design/cc-v3');
    const store = await couchStore(db);
    try {
      const ana = await store.create('customer', customer({ name: 'Ana', lastName: 'Ibáñez' }), { by: 'agent-7' });
      await store.create('activity', activity(ana.id, { at: '2026-05-02T10:00:00.000Z', channel: 'chat' }), { by: 'agent-7' });
      expect((await store.search('ibanez')).map((hit) => hit.customer.id)).to.deep.equal([ana.id]);
      expect(await store.activityCounts(ana.id, '2026-01-01T00:00:00.000Z')).to.deep.equal([{ month: '2026-05', channel: 'chat', count: 1 }]);
      // A gadget of version 3 still reads its own views (no history there).
      expect((await couchJson('GET', `/${db}/_design/cc-v3/_view/journey?reduce=true`)).status).to.equal(200);
      expect((await couchJson('GET', `/${db}/_design/cc-v3/_view/history`)).status).to.equal(404);
    } finally {
      store.close();
    }
    const checked = await setup(db, '--check');
    expect(checked.code, checked.stdout).to.equal(0);
    expect((await setup(db, '--prune')).stdout).to.include('older design documents: deleted: _design/cc-v3');
  });

  it('--prune deletes the older design documents (_design/cc-v1-*) and keeps the current one; without it they are kept and listed', async () => {
    expect((await setup(db)).code).to.equal(0);
    const mango = (field: string) => ({ language: 'query', views: { [field]: { map: { fields: { [field]: 'asc' } }, reduce: '_count', options: { def: { fields: [field] } } } } });
    expect((await couchJson('PUT', `/${db}/_design/cc-v1-type`, mango('type'))).status).to.equal(201);
    expect((await couchJson('PUT', `/${db}/_design/cc-v1-journey`, mango('customerId'))).status).to.equal(201);
    expect((await couchJson('PUT', `/${db}/_design/reports`, { views: { all: { map: 'function (doc) { emit(doc._id, null); }' } } })).status).to.equal(201);

    const kept = await setup(db);
    expect(kept.code).to.equal(0);
    expect(kept.stdout).to.include('older design documents: kept: _design/cc-v1-journey, _design/cc-v1-type');
    expect((await couchJson('GET', `/${db}/_design/cc-v1-type`)).status).to.equal(200);

    const check = await setup(db, '--check', '--prune');
    expect(check.code).to.equal(1);
    expect(check.stdout).to.include('older design documents: to delete: _design/cc-v1-journey, _design/cc-v1-type');

    const pruned = await setup(db, '--prune');
    expect(pruned.code, pruned.stderr).to.equal(0);
    expect(pruned.stdout).to.include('older design documents: deleted: _design/cc-v1-journey, _design/cc-v1-type');
    expect((await couchJson('GET', `/${db}/_design/cc-v1-type`)).status).to.equal(404);
    expect((await couchJson('GET', `/${db}/_design/cc-v1-journey`)).status).to.equal(404);
    expect((await couchJson('GET', `/${db}/${DESIGN_ID}`)).status).to.equal(200);
    // Not the gadget's: left alone.
    expect((await couchJson('GET', `/${db}/_design/reports`)).status).to.equal(200);
    expect((await setup(db, '--check', '--prune')).code).to.equal(0);
  });

  it('--q and --n go to CouchDB when the database is created; --agents-role and --operators-role name the roles in _security', async () => {
    const result = await setup(db, '--q', '8', '--n=3', '--agents-role', 'desk', '--operators-role', 'couch-ops');
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.include(`database ${db}: created (q=8, n=3)`);
    const log = await frontLog();
    expect(log.requests.some((r) => r.method === 'PUT' && r.url === `/${db}?q=8&n=3`)).to.equal(true);
    expect(log.security[db]).to.deep.equal({ admins: { names: [], roles: ['couch-ops'] }, members: { names: [], roles: ['desk'] } });
  });

  it('credentials from the environment (Basic) reach CouchDB on every request and are never printed', async () => {
    const result = await setup(db);
    expect(result.code).to.equal(0);
    const { requests } = await frontLog();
    expect(requests.length).to.be.greaterThan(5);
    expect(new Set(requests.map((r) => r.authorization))).to.deep.equal(new Set([basic('ops-admin', PASSWORD)]));
    expect(printed(result)).not.to.include(PASSWORD);
    expect(printed(result)).not.to.include(btoa(`ops-admin:${PASSWORD}`));
  });

  it('COUCHDB_AUTHORIZATION (a bearer token) is sent as it is and never printed', async () => {
    const result = await cli(['setup', front, db, '--check'], { COUCHDB_AUTHORIZATION: `Bearer ${TOKEN}` });
    expect(result.code).to.equal(1);
    expect(result.stdout).to.include('sign-in: ops-jwt (roles: _admin)');
    const { requests } = await frontLog();
    expect(new Set(requests.map((r) => r.authorization))).to.deep.equal(new Set([`Bearer ${TOKEN}`]));
    expect(printed(result)).not.to.include(TOKEN);
  });

  it('a URL with credentials is refused with exit 2, before any request, without repeating it', async () => {
    const withPassword = front.replace('http://', `http://ops-admin:${PASSWORD}@`);
    const result = await cli(['setup', withPassword, db], {});
    expect(result.code).to.equal(2);
    expect(result.stderr).to.include('must not hold credentials');
    expect(result.stderr).to.include('COUCHDB_USER and COUCHDB_PASSWORD');
    expect(printed(result)).not.to.include(PASSWORD);
    expect((await frontLog()).requests).to.deep.equal([]);
  });

  it('a refused sign-in (401) says so clearly, exits 3, creates nothing, and does not print the password', async () => {
    const wrong = `${PASSWORD}-wrong`;
    const result = await cli(['setup', front, db], { COUCHDB_USER: 'ops-admin', COUCHDB_PASSWORD: wrong });
    expect(result.code).to.equal(3);
    expect(result.stderr).to.include('CouchDB refused the sign-in: 401 to GET /_session (unauthorized: Name or password is incorrect.)');
    expect(result.stderr).to.include('check the credentials in COUCHDB_USER and COUCHDB_PASSWORD');
    expect(printed(result)).not.to.include(wrong);
    expect((await couchJson('GET', `/${db}`)).status).to.equal(404);
  });

  it('a signed-in agent (not an admin) is told the setup needs an admin; exit 3', async () => {
    const result = await cli(['setup', front, db], { COUCHDB_USER: 'agent-7', COUCHDB_PASSWORD: AGENT_PASSWORD });
    expect(result.code).to.equal(3);
    expect(result.stdout).to.include('sign-in: agent-7 (roles: cc-agents)');
    expect(result.stderr).to.include(`CouchDB refused PUT /${db}: 401 (unauthorized: You are not a server admin.)`);
    expect(result.stderr).to.include('Creating a database needs a server admin');
    expect(result.stderr).not.to.include('refused the sign-in');
    expect((await couchJson('GET', `/${db}`)).status).to.equal(404);
  });

  it('an unreachable CouchDB: a clear message and exit 3', async () => {
    const result = await cli(['setup', closed, db]);
    expect(result.code).to.equal(3);
    expect(result.stderr).to.include(`cannot reach CouchDB at ${closed} (ECONNREFUSED`);
  });

  it('usage errors exit 2 with a message; --help exits 0', async () => {
    const cases: Array<[string[], Record<string, string>, string]> = [
      [[], ADMIN_ENV, 'no command'],
      [['install', front, db], ADMIN_ENV, 'unknown command "install"'],
      [['setup', front], ADMIN_ENV, 'needs the CouchDB URL and the database name'],
      [['setup', front, 'Bad Name'], ADMIN_ENV, 'is not a CouchDB database name'],
      [['setup', front, db, '--q', '0'], ADMIN_ENV, '--q needs a whole number above 0'],
      [['setup', front, db, '--force'], ADMIN_ENV, 'unknown option --force'],
      [['setup', front, db, '--agents-role', '_admin'], ADMIN_ENV, 'role names starting with "_"'],
      [['setup', 'couch.example.com', db], ADMIN_ENV, 'is not a URL'],
      [['setup', front, db], { ...ADMIN_ENV, COUCHDB_AUTHORIZATION: `Bearer ${TOKEN}` }, 'not both'],
      [['setup', front, db], { COUCHDB_USER: 'ops-admin' }, 'COUCHDB_PASSWORD is not'],
    ];
    for (const [args, env, message] of cases) {
      const result = await cli(args, env);
      expect(result.code, args.join(' ')).to.equal(2);
      expect(result.stderr, args.join(' ')).to.include(message);
    }
    expect((await frontLog()).requests).to.deep.equal([]);
    const help = await cli(['--help'], {});
    expect(help.code).to.equal(0);
    expect(help.stdout).to.include('Usage: customer-context-couchdb setup <url> <database> [options]');
  });
});

// The same command called in the page (`main` takes its world as arguments), against a
// scripted CouchDB: what a real cluster does that the test server cannot (an index build
// that outlasts a request), with a clock that moves only when the command reads it.
describe('setup main(): index builds that outlast a request, and secrets in answers', () => {
  type Script = (method: string, path: string) => { status: number; body: unknown } | undefined;

  function scripted(script: Script) {
    const requests: string[] = [];
    const fetchFn = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input));
      const method = init?.method ?? 'GET';
      requests.push(`${method} ${url.pathname}${url.search}`);
      const wanted = designDoc();
      const answer =
        script(method, url.pathname) ??
        (url.pathname === '/_session'
          ? { status: 200, body: { ok: true, userCtx: { name: 'ops', roles: ['_admin'] } } }
          : url.pathname === '/db'
            ? { status: 200, body: { db_name: 'db', cluster: { q: 8, n: 3 } } }
            : url.pathname === `/db/${DESIGN_ID}`
              ? { status: 200, body: { ...wanted, _rev: '3-abc' } }
              : url.pathname === '/db/_security'
                ? { status: 200, body: WANTED_SECURITY }
                : url.pathname === '/db/_all_docs'
                  ? { status: 200, body: { rows: [{ id: DESIGN_ID, key: DESIGN_ID, value: { rev: '3-abc' } }] } }
                  : { status: 200, body: { total_rows: 0, offset: 0, rows: [] } });
      return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'Content-Type': 'application/json' } });
    }) as typeof fetch;
    return { fetchFn, requests };
  }

  async function run(argv: string[], script: Script, env: Record<string, string> = ADMIN_ENV) {
    const { main } = await import('../../src/setup/cli.js');
    const { fetchFn, requests } = scripted(script);
    const out: string[] = [];
    const err: string[] = [];
    let clock = 0;
    // Every reading of the clock is 100 s later: a build that keeps timing out runs out of time at once.
    const code = await main(argv, env, { fetch: fetchFn, out: (l) => out.push(l), err: (l) => err.push(l), now: () => (clock += 100_000) });
    return { code, out: out.join('\n'), err: err.join('\n'), requests };
  }
  const buildTimeout = { status: 500, body: { error: 'timeout', reason: 'The request could not be processed in a reasonable amount of time.' } };

  it('a view that answers `timeout` while CouchDB builds is asked again until it answers', async () => {
    let journeyAsked = 0;
    const result = await run(['setup', 'http://couch.test', 'db'], (_method, path) =>
      path.endsWith('/_view/journey') && ++journeyAsked <= 2 ? buildTimeout : undefined,
    );
    expect(result.code, result.err).to.equal(0);
    expect(journeyAsked).to.equal(3);
    expect(result.out.match(/_design\/cc-v4: still building \(/g)).to.have.length(2);
    expect(result.out).to.match(/indexes of _design\/cc-v4: built in \d+ min \d+ s/);
    expect(result.requests.filter((r) => r.startsWith(`GET /db/${DESIGN_ID}/_view/journey?limit=0&reduce=false`))).to.have.length(3);
  });

  it('a build that outlasts --timeout fails with exit 3 and says CouchDB goes on: run the setup again', async () => {
    const result = await run(['setup', 'http://couch.test', 'db', '--timeout', '250'], (_method, path) => (path.includes('/_view/') ? buildTimeout : undefined));
    expect(result.code).to.equal(3);
    expect(result.err).to.include('the indexes of _design/cc-v4 are still building after');
    expect(result.err).to.include('run the setup again (it waits for them) before deploying the gadget');
    // It stopped before _security: on a new database agents do not get in before the indexes are ready.
    expect(result.requests.some((r) => r.includes('_security'))).to.equal(false);
  });

  it('an answer that repeats a secret is printed with the secret masked', async () => {
    const result = await run(['setup', 'http://couch.test', 'db'], (method, path) =>
      method === 'GET' && path === '/db/_security' ? { status: 500, body: { error: 'oops', reason: `bad password ${PASSWORD}` } } : undefined,
    );
    expect(result.code).to.equal(3);
    expect(result.err).to.include('CouchDB answered 500 to GET /db/_security (oops: bad password ***)');
    expect(result.err).not.to.include(PASSWORD);
  });

  it('on an existing database, --q/--n are not applied and the command says so', async () => {
    const result = await run(['setup', 'http://couch.test', 'db', '--q', '16'], () => undefined);
    expect(result.code).to.equal(0);
    expect(result.out).to.include('database db: unchanged (exists, q=8, n=3)');
    expect(result.out).to.include('q=16 apply only when the database is created');
    expect(result.requests.some((r) => r.startsWith('PUT /db'))).to.equal(false);
  });
});
