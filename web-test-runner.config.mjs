import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { defaultReporter } from '@web/test-runner';
import { fileURLToPath } from 'node:url';
import { chromePath, CHROME_FLAGS } from './scripts/chromium.mjs';
import { summaryReporter } from './scripts/summary-reporter.mjs';
import { couchServerPlugin } from './scripts/couch-server.mjs';
import { couchReplicasPlugin } from './scripts/couch-replicas.mjs';
import { checkI18nPlugin } from './scripts/check-i18n.mjs';
import { hardeningPlugin, strictCspMiddleware } from './scripts/hardening.mjs';
import { devServerCheckPlugin } from './scripts/dev-server-check.mjs';
import { clipboardPlugin } from './scripts/clipboard.mjs';
import { setupCliPlugin } from './scripts/setup-cli.mjs';
import { shindigContainerMiddleware } from './scripts/shindig-container.mjs';

export default {
  files: ['test/**/*.test.ts'],
  nodeResolve: { exportConditions: ['browser', 'production'] },
  // One file at a time: key presses (sendKeys) go to the focused window, so two files typing at once could swap keys.
  concurrency: 1,
  // A file's tests may take long on a loaded 2-core machine (the demo page seeds 5,000 records).
  testsFinishTimeout: 300000,
  testFramework: { config: { timeout: 10000 } },
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) }),
    // CouchDB-protocol server for test/store/*couchdb*, started on first use (COUCHDB_URL: a real one instead).
    couchServerPlugin(),
    // Two CouchDB-protocol nodes replicating both ways, pausable (test/store/couchdb-replicas.test.ts), started on first use.
    couchReplicasPlugin(),
    // `executeServerCommand('check-i18n')`: every locale complete, nothing stale (test/i18n/completeness.test.ts).
    checkI18nPlugin(),
    // test/hardening: the fuzz seed (fixed under CI or FUZZ_SEED), the lint-rule probe, fault-injecting proxies.
    hardeningPlugin(),
    // `executeServerCommand('check-dev-server')`: what `npm start` serves at / and /demo (test/demo/dev-server.test.ts).
    devServerCheckPlugin(),
    // `executeServerCommand('allow-clipboard')`: a real paste (clipboard, then Control+V) in test/components/request-editor/paste-limit.test.ts.
    clipboardPlugin(),
    // `executeServerCommand('setup-cli', { args, env })`: runs the operators' setup command (bin/), against a front
    // answering `_security`/`_session` as CouchDB 3 does ('setup-front'), for test/setup/cli.test.ts.
    setupCliPlugin(),
  ],
  // `?csp=strict` on a page serves it with the strict Content-Security-Policy header (test/hardening/csp.test.ts).
  // A Shindig-like gadget container (/gadgets/ifr, /gadgets/proxy, /gadgets/concat, the Finesse
  // stand-ins, the 3rdpartygadget files area) for test/host/shindig-container.test.ts.
  middleware: [strictCspMiddleware(), shindigContainerMiddleware()],
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath: chromePath(), headless: true, args: CHROME_FLAGS },
      // Each test file in a window of its own: a background tab gets no animation frames and
      // no ResizeObserver callbacks, so files running side by side would stall each other.
      createPage: async ({ browser }) => (await browser.createBrowserContext()).newPage(),
    }),
  ],
  reporters: [defaultReporter({ reportTestResults: true, reportTestProgress: false }), summaryReporter()],
};
