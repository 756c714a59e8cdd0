import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';

/** One address as scripts/dev-server-check.mjs saw it: where it ended up, and the page's module script. */
interface Visit {
  path: string;
  status: number;
  url: string;
  title: string | null;
  script: { url: string; status: number; type: string | null } | null;
}

describe('npm start (web-dev-server.config.mjs): the printed address shows the demo', function () {
  this.timeout(60000);
  let visits: Visit[];

  before(async () => {
    // The server side starts the dev server with the project's config on a free port and fetches each address.
    visits = await executeServerCommand<Visit[], undefined>('check-dev-server');
  });

  const visit = (path: string) => {
    const found = visits.find((v) => v.path === path);
    if (!found) throw new Error(`${path} was not visited`);
    return found;
  };

  for (const path of ['/', '/demo', '/demo/']) {
    it(`${path} shows the demo page, and its script loads (no 404, no blank page)`, () => {
      const page = visit(path);
      expect(page.status, `${path} status`).to.equal(200);
      expect(page.url, `${path} ends at`).to.equal('/demo/');
      expect(page.title).to.contain('demo desktop');
      expect(page.script, 'the module script').to.deep.equal({ url: '/demo/demo.ts', status: 200, type: 'application/javascript; charset=utf-8' });
    });
  }

  it('the redirect keeps the query (?agent=…&mode=…)', () => {
    const page = visit('/?agent=ann&mode=care');
    expect(page.status).to.equal(200);
    expect(page.url).to.equal('/demo/?agent=ann&mode=care');
  });
});
