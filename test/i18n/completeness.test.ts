import { expect, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';

interface CheckResult {
  done: boolean;
  problems?: string[];
}

describe('translations', function () {
  this.timeout(180000);
  it('every locale has every message, none stale, and the generated modules are current', async () => {
    let result: CheckResult = { done: false };
    // The check runs in a child process started with the runner; wait for its answer.
    await waitUntil(
      async () => {
        result = (await executeServerCommand('check-i18n')) as CheckResult;
        return result.done;
      },
      'the i18n check did not finish',
      { interval: 500, timeout: 170000 },
    );
    expect(result.problems).to.deep.equal([]);
  });
});
