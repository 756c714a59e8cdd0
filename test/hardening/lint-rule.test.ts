import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';

interface LintMessage {
  ruleId: string | null;
  severity: number;
  message: string;
}
interface Probe {
  constructs: Array<{ name: string; rule: string; messages: LintMessage[] }>;
  control: LintMessage[];
  config: boolean;
}

// The unsafe-sink rules of eslint.config.mjs fail the build (`npm run lint`, CI) on every
// construct that turns a string into markup or code. Each construct is linted by the
// project's own ESLint config as a file under src/ (in memory: nothing is written), through
// the runner's `lint-probe` command (scripts/hardening.mjs; `node scripts/hardening.mjs
// lint-probe` runs the same check by hand).
describe('Boundaries: the lint rule refuses every unsafe sink in src/', function () {
  this.timeout(60000);
  let probe: Probe;

  before(async () => {
    probe = (await executeServerCommand<Probe, undefined>('lint-probe'))!;
  });

  it('refuses each forbidden construct with an error (27 constructs: innerHTML, eval, new Function, unsafeHTML …)', () => {
    expect(probe.config).to.equal(true);
    const missed = probe.constructs
      .filter((c) => !c.messages.some((m) => m.ruleId === c.rule && m.severity === 2))
      .map((c) => `${c.name}: ${JSON.stringify(c.messages)}`);
    expect(missed).to.deep.equal([]);
    expect(probe.constructs.length).to.be.at.least(27);
    console.log(`lint rule: ${probe.constructs.length} forbidden constructs refused (${probe.constructs.map((c) => c.name).join(', ')})`);
  });

  it('stays quiet on safe code (lit bindings, textContent, setTimeout with a function)', () => {
    const flagged = probe.control.filter((m) => m.ruleId === 'no-restricted-syntax' || m.ruleId === 'no-restricted-imports');
    expect(flagged.map((m) => m.message)).to.deep.equal([]);
    expect(probe.control.filter((m) => m.severity === 2).map((m) => `${m.ruleId}: ${m.message}`)).to.deep.equal([]);
  });
});
