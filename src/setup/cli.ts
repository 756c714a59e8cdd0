import { designDoc } from './design.js';
import { DESIGN_ID, DESIGN_VERSION } from '../store/couchdb/views.js';
import { CouchClient, SetupError } from './client.js';
import { checkRole, DEFAULT_ROLES, desiredSecurity } from './security.js';
import { Steps } from './steps.js';

/**
 * `customer-context-couchdb setup <url> <database>`: prepares a CouchDB
 * database for the gadget (docs/couchdb.md, "Running it on a real CouchDB").
 * `main` is the whole command with its world passed in (arguments,
 * environment, `fetch`, output), so tests can run it as it is; the `bin` file
 * hands it Node's.
 */

/** Exit codes. */
export const EXIT = { ok: 0, outdated: 1, usage: 2, failed: 3 } as const;

/** What `main` needs of the outside world. */
export interface SetupIo {
  fetch: typeof fetch;
  /** One line of output (results). */
  out(line: string): void;
  /** One line of error output. */
  err(line: string): void;
  /** Milliseconds, for timing the index build. Default `Date.now`. */
  now?: () => number;
}

export type Env = Readonly<Record<string, string | undefined>>;

export const USAGE = `Usage: customer-context-couchdb setup <url> <database> [options]

Prepares a CouchDB database for the Customer Context gadget: creates it when
missing, installs or upgrades the design document ${DESIGN_ID} (the views the
gadget reads and validate_doc_update), builds its indexes, and sets _security.
It writes only what differs, so it is safe to run again; run it before
deploying a new version of the gadget.

  <url>                     the CouchDB server, e.g. https://couch.example.com:6984
                            (never with user:password@ in it)
  <database>                e.g. customer-context

Options:
  --check                   write nothing: report what is missing or outdated
  --prune                   delete the gadget's older design documents
                            (_design/cc-v1-*, _design/cc-v<N> with N < ${DESIGN_VERSION})
  --agents-role <role>      the agents' role: members of the database (default ${DEFAULT_ROLES.agents})
  --operators-role <role>   the operators' role: admins of the database (default ${DEFAULT_ROLES.operators})
  --q <shards> --n <copies> when the database is created (a cluster: e.g. --q 8 --n 3)
  --timeout <seconds>       how long to wait for the index build (default 3600)
  -h, --help                this text

Credentials come from the environment only:
  COUCHDB_USER, COUCHDB_PASSWORD   Basic authentication (a server admin)
  COUCHDB_AUTHORIZATION            a whole Authorization header value, e.g. "Bearer <jwt>"

Exit codes: 0 done (with --check: all in place); 1 --check found something
missing or outdated; 2 usage error; 3 CouchDB refused, was unreachable or
did not answer in time.`;

class UsageError extends Error {}

interface Options {
  url: string;
  database: string;
  check: boolean;
  prune: boolean;
  agentsRole: string;
  operatorsRole: string;
  q: number | undefined;
  n: number | undefined;
  timeoutS: number;
}

const VALUE_FLAGS = new Set(['--agents-role', '--operators-role', '--q', '--n', '--timeout']);
const BOOLEAN_FLAGS = new Set(['--check', '--prune']);

function positiveInteger(flag: string, value: string): number {
  if (!/^[1-9][0-9]*$/.test(value)) throw new UsageError(`${flag} needs a whole number above 0, not "${value}"`);
  return Number(value);
}

/** The options of `setup`, or `'help'`. Throws `UsageError`. */
function parse(argv: readonly string[]): Options | 'help' {
  const positional: string[] = [];
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h' || arg === '--help') return 'help';
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (BOOLEAN_FLAGS.has(flag)) {
      if (eq > 0) throw new UsageError(`${flag} takes no value`);
      flags.add(flag);
    } else if (VALUE_FLAGS.has(flag)) {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`${flag} needs a value`);
      values.set(flag, value);
    } else {
      throw new UsageError(`unknown option ${flag}`);
    }
  }
  const [command, url, database, ...extra] = positional;
  if (command === undefined) throw new UsageError('no command: the command is "setup"');
  if (command !== 'setup') throw new UsageError(`unknown command "${command}": the command is "setup"`);
  if (url === undefined || database === undefined) throw new UsageError('setup needs the CouchDB URL and the database name');
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
  if (!/^[a-z][a-z0-9_$()+/-]*$/.test(database)) {
    throw new UsageError(`"${database}" is not a CouchDB database name (lower-case letters, digits and _$()+-/, starting with a letter)`);
  }
  const role = (flag: string, fallback: string) => {
    try {
      return checkRole(flag, values.get(flag) ?? fallback);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  };
  const number = (flag: string) => (values.has(flag) ? positiveInteger(flag, values.get(flag)!) : undefined);
  return {
    url,
    database,
    check: flags.has('--check'),
    prune: flags.has('--prune'),
    agentsRole: role('--agents-role', DEFAULT_ROLES.agents),
    operatorsRole: role('--operators-role', DEFAULT_ROLES.operators),
    q: number('--q'),
    n: number('--n'),
    timeoutS: number('--timeout') ?? 3600,
  };
}

/** The server URL, checked: http(s), no credentials (they would end up in shell history and process lists), no query. */
function baseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError('the CouchDB URL is not a URL (e.g. https://couch.example.com:6984)');
  }
  if (parsed.username || parsed.password) {
    // The message never repeats the URL: it holds a password.
    throw new UsageError(
      'the CouchDB URL must not hold credentials (user:password@): they would be kept in shell history and shown in process lists. ' +
        'Set COUCHDB_USER and COUCHDB_PASSWORD, or COUCHDB_AUTHORIZATION, in the environment instead',
    );
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new UsageError(`the CouchDB URL must be http: or https:, not ${parsed.protocol}`);
  if (parsed.search || parsed.hash) throw new UsageError('the CouchDB URL must not have a query or a fragment');
  return parsed.href.replace(/\/+$/, '');
}

/** Base64 of a string's UTF-8 bytes (Basic authentication). */
function base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

interface Credentials {
  authorization: string | undefined;
  /** Where they came from, for messages (never the values). */
  hint: string;
  /** Strings never to print. */
  secrets: string[];
}

function credentials(env: Env): Credentials {
  const user = env.COUCHDB_USER;
  const password = env.COUCHDB_PASSWORD;
  const header = env.COUCHDB_AUTHORIZATION;
  const secrets = [password, header, ...(header ? header.split(/\s+/) : [])].filter((s): s is string => !!s && s.length >= 4);
  if (header !== undefined && (user !== undefined || password !== undefined)) {
    throw new UsageError('give either COUCHDB_AUTHORIZATION or COUCHDB_USER and COUCHDB_PASSWORD, not both');
  }
  if (header !== undefined) {
    if (!header.trim()) throw new UsageError('COUCHDB_AUTHORIZATION is empty');
    return { authorization: header.trim(), hint: 'COUCHDB_AUTHORIZATION', secrets };
  }
  if (user !== undefined || password !== undefined) {
    if (!user) throw new UsageError('COUCHDB_PASSWORD is set but COUCHDB_USER is not');
    if (!password) throw new UsageError('COUCHDB_USER is set but COUCHDB_PASSWORD is not');
    const token = base64(`${user}:${password}`);
    return { authorization: `Basic ${token}`, hint: 'COUCHDB_USER and COUCHDB_PASSWORD', secrets: [...secrets, token] };
  }
  return { authorization: undefined, hint: 'the environment', secrets };
}

/** `write`, with every secret replaced by `***` (the command never prints them; this makes sure). */
function redacting(write: (line: string) => void, secrets: readonly string[]): (line: string) => void {
  const sorted = [...new Set(secrets)].sort((a, b) => b.length - a.length);
  return (line) => write(sorted.reduce((text, secret) => text.split(secret).join('***'), line));
}

/**
 * Runs the command and resolves with its exit code (`EXIT`). Never throws for
 * a usage error or a CouchDB failure: it says what went wrong on `io.err`.
 */
export async function main(argv: readonly string[], env: Env, io: SetupIo): Promise<number> {
  let secrets: string[] = [];
  const out = (line: string) => redacting(io.out, secrets)(line);
  const err = (line: string) => redacting(io.err, secrets)(line);
  const now = io.now ?? (() => Date.now());

  let options: Options;
  let creds: Credentials;
  let url: string;
  try {
    const parsed = parse(argv);
    if (parsed === 'help') {
      out(USAGE);
      return EXIT.ok;
    }
    options = parsed;
    creds = credentials(env);
    secrets = creds.secrets;
    url = baseUrl(options.url);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    err(`customer-context-couchdb: ${error.message}`);
    err('Run customer-context-couchdb --help for the options.');
    return EXIT.usage;
  }

  const client = new CouchClient({
    fetch: io.fetch,
    baseUrl: url,
    authorization: creds.authorization,
    timeoutMs: 60_000,
    credentialsHint: creds.hint,
  });
  const steps = new Steps({ client, database: options.database, mode: options.check ? 'check' : 'setup', say: out, now });
  out(`${options.check ? 'Checking' : 'Setting up'} ${url}, database ${options.database}, for the gadget's design ${DESIGN_ID}`);
  try {
    await steps.session();
    const exists = await steps.ensureDatabase({ q: options.q, n: options.n });
    const wantedSecurity = desiredSecurity({ agents: options.agentsRole, operators: options.operatorsRole });
    if (!exists) {
      // --check on a database that is not there: everything in it is missing too.
      out(`${DESIGN_ID}: missing`);
      out('_security: missing');
      steps.todo.push(DESIGN_ID, '_security');
    } else {
      await steps.ensureDesign(options.timeoutS * 1000);
      await steps.build(DESIGN_ID, designDoc().views, options.timeoutS * 1000);
      // Last: on a new database (CouchDB 3: server admins only), agents get in once all is ready.
      await steps.ensureSecurity(wantedSecurity);
      await steps.olderDesigns(options.prune);
    }
  } catch (error) {
    if (error instanceof SetupError) {
      err(`customer-context-couchdb: ${error.message}`);
      if (!options.check) err('The steps reported above are done, nothing after them is. Run the command again once this is fixed: it does only what is missing.');
    } else {
      err(`customer-context-couchdb: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
    return EXIT.failed;
  }
  if (options.check) {
    if (steps.todo.length) {
      out(`${steps.todo.length} missing or outdated (${steps.todo.join(', ')}): run the same command without --check`);
      return EXIT.outdated;
    }
    out('all in place');
    return EXIT.ok;
  }
  out(`ready: ${url}/${options.database} serves the gadget's design ${DESIGN_ID}`);
  return EXIT.ok;
}
