import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { ContextProvider } from '@lit/context';
import { LitElement, type TemplateResult } from 'lit';
import { agentContext, defaultAgent, type AgentContextValue } from '../../../src/components/shared/agent-context.js';
import { AgentController } from '../../../src/components/shared/controllers/agent.js';
import { Announcer } from '../../../src/components/shared/controllers/announcer.js';
import { WindowController } from '../../../src/components/shared/controllers/window.js';
import { cssomStyle } from '../../../src/components/shared/cssom-style.js';
import { tokens } from '../../../src/components/shared/tokens.styles.js';
import '../../helpers/a11y.js';

class AnnouncingElement extends LitElement {
  static override styles = [tokens];
  readonly announcer = new Announcer(this);
  override render(): TemplateResult {
    return html`<p>content</p>${this.announcer.render()}`;
  }
}
customElements.define('test-announcing', AnnouncingElement);

class AgentElement extends LitElement {
  readonly agent = new AgentController(this);
  override render(): TemplateResult {
    return html`<span>${this.agent.value.locale}|${this.agent.value.timeZone}</span>`;
  }
}
customElements.define('test-agent', AgentElement);

class AgentProvider extends LitElement {
  readonly provider = new ContextProvider(this, { context: agentContext, initialValue: { agentId: 'a-1', agentName: 'Ana', locale: 'es-ES', timeZone: 'Europe/Madrid' } });
  override render(): TemplateResult {
    return html`<slot></slot>`;
  }
}
customElements.define('test-agent-provider', AgentProvider);

const ROW = 44;

class WindowedList extends LitElement {
  static override styles = [tokens];
  items: number[] = [];
  active = -1;
  readonly window = new WindowController(this, {
    rowHeight: ROW,
    count: () => this.items.length,
    scroller: () => this.renderRoot.querySelector<HTMLElement>('.list'),
  });
  override render(): TemplateResult {
    const rows = this.window.indexes(this.active).map(
      (i) => html`<div class="row" data-index=${i} style=${cssomStyle({ position: 'absolute', 'inset-block-start': `${this.window.offsetOf(i)}px`, 'block-size': `${ROW}px` })}>${i}</div>`,
    );
    return html`<div class="list" style=${cssomStyle({ 'block-size': '220px', overflow: 'auto' })} @scroll=${() => this.window.scrolled()}>
      <div style=${cssomStyle({ position: 'relative', 'block-size': `${this.window.totalSize}px` })}>${rows}</div>
    </div>`;
  }
}
customElements.define('test-windowed-list', WindowedList);

const regionText = (el: LitElement) => el.shadowRoot!.querySelector('[role=status]')!.textContent!.trim();
const shownRows = (el: WindowedList) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('.row')].map((r) => Number(r.dataset['index']));

describe('Announcer', () => {
  it('puts the message in one polite live region, a new node each time, so the same text twice is read twice', async () => {
    const el = await fixture<AnnouncingElement>(html`<test-announcing></test-announcing>`);
    const region = el.shadowRoot!.querySelector('[role=status]')!;
    expect(region.getAttribute('aria-live')).to.equal('polite');
    expect(regionText(el)).to.equal('');

    el.announcer.announce('Saved');
    await el.updateComplete;
    const first = region.firstElementChild;
    expect(regionText(el)).to.equal('Saved');
    expect(el.announcer.text).to.equal('Saved');

    el.announcer.announce('Saved');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[role=status]'), 'the region itself stays').to.equal(region);
    expect(region.firstElementChild, 'a new node: announced again').not.to.equal(first);
    expect(region.textContent, 'exactly the message: no padding character').to.contain('Saved').and.not.contain('\u00a0');

    el.announcer.clear();
    await el.updateComplete;
    expect(regionText(el)).to.equal('');
    await expect(el).to.be.accessible();
  });
});

describe('AgentController', () => {
  it('falls back to the browser (defaultAgent) on its own', async () => {
    const el = await fixture<AgentElement>(html`<test-agent></test-agent>`);
    expect(el.agent.value).to.deep.equal(defaultAgent());
    expect(el.agent.value, 'made once').to.equal(el.agent.value);
    expect(el.shadowRoot!.textContent).to.equal(`${defaultAgent().locale}|`);
  });

  it('reads the provided agent and re-renders when it changes', async () => {
    const wrapper = await fixture<AgentProvider>(html`<test-agent-provider><test-agent></test-agent></test-agent-provider>`);
    const el = wrapper.querySelector<AgentElement>('test-agent')!;
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.equal('es-ES|Europe/Madrid');
    const next: AgentContextValue = { agentId: 'a-1', agentName: 'Ana', locale: 'fr-FR', timeZone: 'Europe/Paris' };
    wrapper.provider.setValue(next);
    await el.updateComplete;
    expect(el.agent.value).to.equal(next);
    expect(el.shadowRoot!.textContent).to.equal('fr-FR|Europe/Paris');
    expect(el.agent.formatDateTime('2026-03-01T12:00:00.000Z', 'short')).to.equal(
      new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Paris' }).format(new Date('2026-03-01T12:00:00.000Z')),
    );
  });
});

describe('WindowController', () => {
  async function list(count: number): Promise<WindowedList> {
    const el = document.createElement('test-windowed-list') as WindowedList;
    el.items = Array.from({ length: count }, (_, i) => i);
    const placed = await fixture<WindowedList>(el);
    // The ResizeObserver's first report (the frame after the first render) replaces the 320 px guess.
    await waitUntil(() => placed.window.viewportHeight === 220, 'the scroller measured');
    await placed.updateComplete;
    return placed;
  }

  it('renders only the rows in view plus the overscan, whatever the number of rows', async () => {
    const el = await list(10_000);
    // 220 px: 6 rows (5 in view, one partly shown) and twice the overscan of 3.
    expect(shownRows(el)).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(el.window.totalSize).to.equal(10_000 * ROW);
    expect(el.window.viewportHeight).to.equal(220);
    expect(el.window.pageRows).to.equal(4);
    expect(el.window.visibleRange()).to.deep.equal([0, 4]);
  });

  it('moves the window in the scroll event and keeps the active row rendered wherever it is', async () => {
    const el = await list(10_000);
    el.active = 2;
    const list_ = el.shadowRoot!.querySelector<HTMLElement>('.list')!;
    list_.scrollTop = 100 * ROW;
    list_.dispatchEvent(new Event('scroll'));
    await el.updateComplete;
    const shown = shownRows(el);
    expect(shown[0], 'the active row, first in list order').to.equal(2);
    expect(shown.slice(1, 4)).to.deep.equal([97, 98, 99]);
    expect(shown).to.include(100);
    expect(el.window.visibleRange()).to.deep.equal([100, 104]);
    expect(el.window.distanceToEnd).to.equal((10_000 - 100) * ROW - 220);
  });

  it('scrolls as little as needed to show a row, and back to the top', async () => {
    const el = await list(1_000);
    const scroller = el.shadowRoot!.querySelector<HTMLElement>('.list')!;
    el.window.scrollIntoView(10);
    expect(scroller.scrollTop).to.equal(11 * ROW - 220);
    el.window.scrollIntoView(10);
    expect(scroller.scrollTop, 'already in view: no scroll').to.equal(11 * ROW - 220);
    el.window.scrollIntoView(3);
    expect(scroller.scrollTop).to.equal(3 * ROW);
    await el.updateComplete;
    expect(shownRows(el)).to.include.members([3, 4, 5, 6, 7]);
    el.window.scrollToTop();
    el.requestUpdate();
    await el.updateComplete;
    expect(scroller.scrollTop).to.equal(0);
    expect(shownRows(el)[0]).to.equal(0);
  });

  it('follows the scroller when it is resized', async () => {
    const el = await list(1_000);
    const scroller = el.shadowRoot!.querySelector<HTMLElement>('.list')!;
    scroller.style.blockSize = '440px';
    await waitUntil(() => el.window.viewportHeight === 440, 'the new size measured');
    await el.updateComplete;
    expect(shownRows(el)).to.have.length(11 + 2 * 3);
  });
});
