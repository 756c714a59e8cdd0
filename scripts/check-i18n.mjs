// Fails when a locale lacks a translation or carries a stale one, or when the
// generated locale modules are out of date with the XLIFF files.
// Run by `npm test`. To fix: `npm run i18n` (extract + build), translate the
// new <target>s in xliff/*.xlf, then `npm run i18n` again.
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Returns the problems found (none: every locale is complete and the modules are current). */
export function checkI18n() {
  const config = JSON.parse(readFileSync('lit-localize.json', 'utf8'));
  const work = mkdtempSync(join(tmpdir(), 'cc-i18n-'));
  const bin = join('node_modules', '.bin', 'lit-localize');
  const units = (xml) => new Map([...xml.matchAll(/<trans-unit id="([^"]+)">([\s\S]*?)<\/trans-unit>/g)].map((m) => [m[1], m[2]]));
  const problems = [];
  function run(command) {
    execFileSync(bin, [command, '--config', join(work, 'lit-localize.json')], { stdio: 'pipe' });
  }
  try {
    cpSync(config.interchange.xliffDir, join(work, 'xliff'), { recursive: true });
    const tempConfig = {
      ...config,
      tsConfig: resolve(config.tsConfig),
      inputFiles: config.inputFiles.map((glob) => resolve(glob)),
      interchange: { ...config.interchange, xliffDir: join(work, 'xliff') },
      output: { ...config.output, outputDir: join(work, 'locales'), localeCodesModule: join(work, 'locale-codes.ts') },
    };
    writeFileSync(join(work, 'lit-localize.json'), JSON.stringify(tempConfig));
    run('extract');
    for (const locale of config.targetLocales) {
      const committed = units(readFileSync(join(config.interchange.xliffDir, `${locale}.xlf`), 'utf8'));
      const current = units(readFileSync(join(work, 'xliff', `${locale}.xlf`), 'utf8'));
      for (const [id, body] of current) {
        if (!committed.has(id)) problems.push(`${locale}: new message ${id} is not in xliff/${locale}.xlf (run npm run i18n)`);
        else if (!/<target>[\s\S]*?<\/target>/.test(body)) problems.push(`${locale}: message ${id} has no translation: ${body.match(/<source>([\s\S]*?)<\/source>/)?.[1]}`);
      }
      for (const id of committed.keys()) if (!current.has(id)) problems.push(`${locale}: stale message ${id} is no longer in the source`);
    }
    run('build');
    for (const file of readdirSync(join(work, 'locales'))) {
      const built = readFileSync(join(work, 'locales', file), 'utf8');
      const committed = readFileSync(join(config.output.outputDir, file), 'utf8');
      if (built !== committed) problems.push(`${file} is out of date with the XLIFF (run npm run i18n)`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return problems;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const problems = checkI18n();
  if (process.argv.includes('--json')) {
    process.stdout.write(JSON.stringify(problems));
  } else if (problems.length) {
    console.error(`i18n check failed:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  } else {
    console.log('i18n check: every locale is complete');
  }
}

/**
 * web-test-runner plugin: starts the check in a child process when the runner
 * starts (it takes seconds: two TypeScript passes), and answers
 * `executeServerCommand('check-i18n')` with `{ done: false }` until it ends,
 * then `{ done: true, problems }` (test/i18n/completeness.test.ts).
 */
export function checkI18nPlugin() {
  let result;
  let value;
  const start = () => {
    result ??= new Promise((resolve) => {
      execFile(process.execPath, [new URL(import.meta.url).pathname, '--json'], { maxBuffer: 1 << 24 }, (error, stdout, stderr) => {
        try {
          resolve(JSON.parse(stdout));
        } catch {
          resolve([`the i18n check failed to run: ${error?.message ?? ''} ${stderr}`]);
        }
      });
    }).then((problems) => (value = { done: true, problems }));
    return result;
  };
  return {
    name: 'check-i18n',
    serverStart() {
      void start();
    },
    executeCommand({ command }) {
      if (command !== 'check-i18n') return undefined;
      void start();
      return value ?? { done: false };
    },
  };
}
