import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/components/customer-context/define.js';
import type { CustomerContext } from '../../../src/components/customer-context/customer-context.js';
import type { JourneyView } from '../../../src/components/journey-view/define.js';
import type { AnyRecord } from '../../../src/model/index.js';
import { IndexedDbStore } from '../../../src/store/indexeddb-store.js';
import { activity, customer } from '../../helpers/data.js';
import { find, settle } from '../../helpers/gadget.js';
import { until } from '../../helpers/session.js';

/**
 * Issue #19 item 4 through the whole gadget: the agent picks a time frame in
 * the journey (keyboard), the work area reports it, the session keeps it and
 * reads that range from the store; the journey then shows only that range.
 * Real IndexedDB; the seed is written by a second store on the same database.
 */

let counter = 0;
const DAY = 86_400_000;

describe('the journey’s time frame in the gadget (issue #19 item 4)', () => {
  let db: string;
  let seed: IndexedDbStore;
  let el: CustomerContext;

  beforeEach(async () => {
    db = `cc-period-${Date.now()}-${counter++}`;
    localStorage.clear();
    seed = new IndexedDbStore({ name: db });
    el = await fixture<CustomerContext>(html`<customer-context agent-id="ann" database=${db}></customer-context>`);
    await el.ready;
  });
  afterEach(async () => {
    el.remove();
    await seed.destroy();
  });

  it('choosing "Last 10 days" keeps it in the work area and shows only that range, read from the store', async function () {
    this.timeout(60_000); // a whole gadget and axe, on a machine the other test runs share
    const now = Date.now();
    const lena = await seed.create('customer', customer({ name: 'Lena Vogel', phones: ['+49 89 1234 5678'] }), { by: 'x' });
    const records: AnyRecord[] = [];
    for (let i = 0; i < 5; i++) {
      const at = new Date(now - (i + 1) * DAY).toISOString();
      records.push({ ...activity(lena.id, { at, subject: `Recent ${i}` }), type: 'activity', id: `activity:recent-${i}`, rev: '1-a', createdAt: at, updatedAt: at, updatedBy: 'x' });
    }
    for (let i = 0; i < 80; i++) {
      const at = new Date(now - (40 + i) * DAY).toISOString();
      records.push({ ...activity(lena.id, { at, subject: `Old ${i}` }), type: 'activity', id: `activity:old-${String(i).padStart(2, '0')}`, rev: '1-a', createdAt: at, updatedAt: at, updatedBy: 'x' });
    }
    await seed.import(records);
    await el.agentSession!.reopen(lena.id);
    await settle(el);
    const journey = find<JourneyView>(el, 'journey-view')!;
    expect(journey.hasMore).to.equal(true);

    const menu = journey.shadowRoot!.querySelector<HTMLSelectElement>('[part~=period-select]')!;
    menu.focus();
    await sendKeys({ press: 'ArrowDown' });
    const session = el.agentSession!;
    await until(session, () => session.workspace(lena.id)?.journeySince !== undefined && session.workspace(lena.id)!.journey.length === 5);
    await session.idle();
    await settle(el);
    expect(session.workspace(lena.id)!.journeyPeriod).to.equal('10d');
    expect(journey.period).to.equal('10d');
    expect(journey.hasMore).to.equal(false);
    const titles = [...journey.shadowRoot!.querySelectorAll('[role=option] .title')].map((t) => t.textContent);
    expect(titles).to.deep.equal(['Recent 0', 'Recent 1', 'Recent 2', 'Recent 3', 'Recent 4']);
    await expect(journey).to.be.accessible();
  });
});
