// What `npm start` serves, checked from the outside: the dev server starts with
// web-dev-server.config.mjs on a free loopback port, and the addresses a new
// user tries (`/`, the one it prints, and `/demo`) are fetched the way a browser
// would, following redirects, then the page's module script is fetched relative
// to where the page ended up (a page served at `/demo` would load `/demo.ts`:
// a blank page). Used by test/demo/dev-server.test.ts through
// `executeServerCommand('check-dev-server')`.
import { createServer } from 'node:net';

/** A port nothing listens on now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function visit(base, path) {
  const response = await fetch(new URL(path, base));
  const body = await response.text();
  const page = { path, status: response.status, url: response.url.slice(base.length), title: body.match(/<title>([^<]*)<\/title>/)?.[1] ?? null };
  const src = body.match(/<script type="module" src="([^"]+)"/)?.[1];
  if (!src) return { ...page, script: null };
  const script = await fetch(new URL(src, response.url));
  await script.arrayBuffer();
  return { ...page, script: { url: script.url.slice(base.length), status: script.status, type: script.headers.get('content-type') } };
}

/** Starts the `npm start` server (or the one configured in `configUrl`), visits `paths`, stops it. */
export async function checkDevServer(paths = ['/', '/demo', '/demo/', '/?agent=ann&mode=care'], configUrl = new URL('../web-dev-server.config.mjs', import.meta.url)) {
  const { startDevServer } = await import('@web/dev-server');
  const { default: config } = await import(configUrl);
  const port = await freePort();
  const server = await startDevServer({
    config: { ...config, hostname: '127.0.0.1', port },
    readCliArgs: false,
    readFileConfig: false,
    autoExitProcess: false,
    logStartMessage: false,
  });
  try {
    const base = `http://127.0.0.1:${port}`;
    const pages = [];
    for (const path of paths) pages.push(await visit(base, path));
    return pages;
  } finally {
    await server.stop();
  }
}

/** web-test-runner plugin: `executeServerCommand('check-dev-server')` answers with `checkDevServer()`'s pages. */
export function devServerCheckPlugin() {
  return {
    name: 'check-dev-server',
    async executeCommand({ command }) {
      if (command !== 'check-dev-server') return undefined;
      return checkDevServer();
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await checkDevServer(), null, 2));
}
