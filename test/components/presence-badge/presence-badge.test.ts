import { expect, fixture, html } from '@open-wc/testing';
import '../../../src/components/presence-badge/define.js';
import { editingAfterText, presenceText, type PresenceBadge, type PresenceBadgeAgent } from '../../../src/components/presence-badge/define.js';
import '../../helpers/a11y.js';

/** Issue #18 item 2: the badge that says who else has the customer open. */
describe('<cc-presence-badge>', function () {
  this.timeout(60000);
  const agent = (name: string, doing: PresenceBadgeAgent['doing'] = 'viewing', since = '2026-11-22T10:00:00Z'): PresenceBadgeAgent => ({ agentId: name.toLowerCase(), name, doing, since });

  it('says who and what: one agent, several (counted with the plural rules), an editor named first', () => {
    expect(presenceText([agent('Ana')])).to.equal('Ana is viewing');
    expect(presenceText([agent('Ana', 'editing-request')])).to.equal('Ana is editing the request');
    expect(presenceText([agent('Ana', 'editing-customer')])).to.equal('Ana is editing the customer');
    expect(presenceText([agent('Ana', 'editing-activity')])).to.equal('Ana is editing the activity');
    expect(presenceText([agent('Ana'), agent('Bo', 'viewing', '2026-11-22T10:05:00Z')])).to.equal('Ana and 1 other are viewing');
    expect(presenceText([agent('Ana'), agent('Bo'), agent('Cy')])).to.equal('Ana and 2 others are viewing');
    expect(presenceText([agent('Ana'), agent('Bo', 'editing-request'), agent('Cy')])).to.equal('Bo is editing the request; 2 others are here');
    expect(presenceText([])).to.equal('');
    expect(editingAfterText([agent('Ana', 'editing-request')])).to.contain('Ana started editing this after you');
    expect(editingAfterText([agent('Ana'), agent('Bo')])).to.contain('Ana and 1 other started editing this after you');
  });

  it('renders nothing for nobody, names as text (never HTML), and is accessible', async () => {
    const el = await fixture<PresenceBadge>(html`<cc-presence-badge></cc-presence-badge>`);
    expect(el.shadowRoot!.querySelector('[part=badge]')).to.equal(null);
    el.agents = [agent('<img src=x onerror="window.__pwned=1">', 'editing-request')];
    await el.updateComplete;
    const badge = el.shadowRoot!.querySelector('[part=badge]')!;
    expect(badge.textContent).to.contain('<img src=x onerror="window.__pwned=1"> is editing the request');
    expect(el.shadowRoot!.querySelector('img')).to.equal(null);
    expect(badge.hasAttribute('data-editing')).to.equal(true);
    el.agents = [agent('Ana')];
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part=badge]')!.hasAttribute('data-editing')).to.equal(false);
    await expect(el).to.be.accessible();
  });
});
