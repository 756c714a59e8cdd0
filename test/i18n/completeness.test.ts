import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';

describe('translations', function () {
  this.timeout(60000);
  it('every locale has every message, none stale, and the generated modules are current', async () => {
    const problems = (await executeServerCommand('check-i18n')) as string[];
    expect(problems).to.deep.equal([]);
  });
});
