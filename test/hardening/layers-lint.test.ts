import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';

interface LintMessage {
  ruleId: string | null;
  severity: number;
  message: string;
}
interface Linted {
  name: string;
  file: string;
  messages: LintMessage[];
}
interface LayerProbe {
  forbidden: Linted[];
  allowed: Linted[];
}

// The layers of DESIGN.md hold by lint (`npm run lint`, CI): `no-restricted-imports` in
// eslint.config.mjs, one block per folder of src/. Each import below is linted by the
// project's own ESLint config as a file at its path under src/ (in memory: nothing is
// written), through the runner's `layer-probe` command (scripts/hardening.mjs).
describe('Layers: the lint rule refuses every import that runs up or across the layers', function () {
  this.timeout(60000);
  let probe: LayerProbe;

  before(async () => {
    probe = (await executeServerCommand<LayerProbe, undefined>('layer-probe'))!;
  });

  it('refuses each forbidden import with an error: a component importing store/indexeddb-store.ts, model importing session …', () => {
    const missed = probe.forbidden
      .filter((c) => !c.messages.some((m) => m.ruleId === 'no-restricted-imports' && m.severity === 2))
      .map((c) => `${c.name} (${c.file}): ${JSON.stringify(c.messages)}`);
    expect(missed).to.deep.equal([]);
    const names = probe.forbidden.map((c) => c.name);
    expect(names).to.include.members(['a component imports the IndexedDB store', 'model imports the session', 'store imports the session', 'host imports a component']);
    expect(probe.forbidden.length).to.be.at.least(27);
  });

  it('stays quiet on the imports the layers allow (session types in elements, store/backend.ts in the backend controller, the public entry)', () => {
    const flagged = probe.allowed
      .filter((c) => c.messages.some((m) => m.severity === 2))
      .map((c) => `${c.name} (${c.file}): ${c.messages.map((m) => `${m.ruleId}: ${m.message}`).join('; ')}`);
    expect(flagged).to.deep.equal([]);
    expect(probe.allowed.length).to.be.at.least(9);
  });
});
