import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { fullName, type Customer, type InteractionChannel } from '../../model/index.js';
import type { Workspace } from '../../session/session.js';
import { AgentController } from '../shared/controllers/agent.js';
import { emit } from '../shared/emit.js';
import { channelLabel, recordName } from '../shared/labels.js';
import { plural } from '../shared/plural.js';
import { listStyles } from '../shared/list.styles.js';
import { layoutStyles } from '../shared/layout.styles.js';
import { tokens } from '../shared/tokens.styles.js';
import { hostConnectionText, matchedLabel, syncText, workspaceName, type HostConnection } from '../customer-context/messages.js';
import { styles } from './customer-pane.styles.js';
import { KeepInView } from './keep-in-view.js';
import { searchKey } from './search-keys.js';
import '../presence-badge/define.js';
import type { PresenceBadgeAgent } from '../presence-badge/presence-badge.js';

export type PaneTab = 'open' | 'recent' | 'search';

/** The shared backend's state (R11.3): online, offline with N writes waiting, delivering them, or waiting for a new sign-in (401). */
export interface SyncStatus {
  state: 'online' | 'offline' | 'delivering' | 'signed-out';
  pending: number;
  /** Writes of another agent of this browser profile, kept until that agent signs in here again. */
  waitingForOthers?: number | undefined;
}

/** Which field of the customer a search matched. */
export type SearchMatch = 'name' | 'phone' | 'email' | 'request' | 'tag';

/** One search result (the store's `SearchHit`). */
export interface SearchResult {
  customer: Customer;
  matched: SearchMatch;
}

/** One line of the Open list: a work area, as the list shows it. */
/** The "Show more" button's words: the next page, of how many not drawn. */
function moreText(hidden: number): string {
  const next = Math.min(OPEN_PAGE, hidden);
  return plural(hidden, {
    one: () => msg('Show 1 more customer'),
    other: () => msg(str`Show ${next} more (${hidden} not shown)`),
  });
}

/** Lines of the Open list drawn at a time (more on "Show more"): 1,000 contacts arriving together stay cheap to draw. */
export const OPEN_PAGE = 100;

export interface OpenEntry {
  key: string;
  name: string;
  /** The interaction's channel; `null` for a customer reopened from Recent or Search. */
  channel: InteractionChannel | null;
  ended: boolean;
  /** Whether the customer exists (an unknown contact's is not created yet). */
  created: boolean;
  unsaved: boolean;
  caution: boolean;
  /** Opened while the agent was typing in another work area, not looked at yet. */
  new: boolean;
}

/** The Open list's line for a work area; `unsaved` and `isNew` are the session's and the gadget's to say. */
export function openEntry(w: Workspace, unsaved: boolean, isNew: boolean): OpenEntry {
  const { key, interaction, customer, cautions } = w;
  return { key, name: workspaceName(w), channel: interaction?.channel ?? null, ended: interaction?.ended ?? false, created: customer !== null, unsaved, caution: cautions.length > 0, new: isNew };
}

/** One line of the Recent list (the session's `RecentCustomer`). */
export interface RecentEntry {
  customerId: string;
  name: string;
  closedAt: string;
  /** The title of the request worked on, when there was one (issue #18). */
  requestTitle?: string | undefined;
  /** The channel of the interaction closed; `null` for a customer reopened (issue #18). */
  channel?: InteractionChannel | null | undefined;
}

export interface PaneActivateDetail {
  key: string;
}
export interface PaneReopenDetail {
  customerId: string;
}
export interface PaneSearchDetail {
  query: string;
}

export type PaneActivateEvent = CustomEvent<PaneActivateDetail>;
export type PaneReopenEvent = CustomEvent<PaneReopenDetail>;
export type PaneSearchEvent = CustomEvent<PaneSearchDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'cc-pane-activate': PaneActivateEvent;
    'cc-pane-reopen': PaneReopenEvent;
    'cc-pane-search': PaneSearchEvent;
  }
}

/** What tells two customers of the same name apart in a list: their first phone and email. */
function contactLine(customer: Customer): string {
  return [customer.phones[0], customer.emails[0]].filter(Boolean).join(' · ');
}

const TABS: readonly PaneTab[] = ['open', 'recent', 'search'];

/**
 * The customer management pane (R7): the customers open now (**Open**), the
 * ones closed lately (**Recent**) and **Search**, as tabs (arrow keys, Home
 * and End move between them), and, with a shared backend, its state. It shows
 * what it is given and reports what the agent picks; `<customer-context>`
 * opens the customer.
 *
 * @summary Open / Recent / Search, and the shared backend's state.
 * @tagname cc-customer-pane
 *
 * @fires {PaneActivateEvent} cc-pane-activate - The agent picked a customer in Open (`{ key }`).
 * @fires {PaneReopenEvent} cc-pane-reopen - The agent picked a customer in Recent or in the search results (`{ customerId }`).
 * @fires {PaneSearchEvent} cc-pane-search - The search text changed (`{ query }`): set `results` for it.
 *
 * @csspart pane - The pane.
 * @csspart tabs - The Open / Recent / Search tab list.
 * @csspart open-more - "Show N more" under the Open list when more customers are open than it draws at once.
 * @csspart open-list - The Open list. In a narrow column (640 px or less) it is capped in height and scrolls, the current customer kept in view.
 * @csspart search-empty - "No customer matches …" when a search found nobody.
 * @csspart search-more - "First 20 shown" when more customers match than are shown.
 * @csspart sync - The shared backend's state (only while `sync` is set).
 * @csspart presence - Who else has the customer open, on its line (a `<cc-presence-badge>`).
 * @csspart host-connection - The desktop is reconnecting or lost its connection: calls may arrive late (only then).
 *
 * @cssprop --cc-color-surface-alt - Background of the pane.
 * @cssprop --cc-color-accent - The selected tab, unsaved work, new arrivals.
 * @cssprop --cc-color-warning - Offline, and customers with a caution.
 * @cssprop --cc-color-success - The "Online" dot.
 * @cssprop --cc-open-list-max-height - How tall the Open list grows in a narrow column before it scrolls (default: `9.5em`, about three customers).
 */
@localized()
export class CustomerPane extends LitElement {
  static override styles = [tokens, listStyles, layoutStyles, styles];

  private readonly agent = new AgentController(this);

  @state() private query = '';
  /** How many lines of the Open list are drawn (`OPEN_PAGE` at first): a burst of contacts never draws them all at once. */
  @state() private openShown = OPEN_PAGE;

  /** The work areas open now, in order. */
  @property({ attribute: false }) open: readonly OpenEntry[] = [];

  /** The key of the work area shown now (marked current in Open). */
  @property({ attribute: false }) activeKey: string | null = null;

  /** Customers closed lately, most recent first. */
  @property({ attribute: false }) recent: readonly RecentEntry[] = [];

  /** The results for the search text last reported. */
  @property({ attribute: false }) results: readonly SearchResult[] = [];

  /** More customers match than `results` holds: "First N shown" under them. */
  @property({ attribute: false }) resultsMore = false;

  /** The search text `results` answer (`null`: no search made); "No customer matches" shows when it is the text in the box and nothing was found. */
  @property({ attribute: false }) searched: string | null = null;

  /** Keeps the current customer in view in the Open list when the list scrolls (a narrow column). */
  protected readonly keepCurrent = new KeepInView(
    this,
    () => this.renderRoot.querySelector<HTMLElement>('#panel-open .list'),
    () => this.renderRoot.querySelector<HTMLElement>('#panel-open .item[aria-current=true]'),
  );

  /** The shared backend's state; `undefined` hides it (the embedded store has none). */
  @property({ attribute: false }) sync: SyncStatus | undefined;

  /** The agent desktop's connection (a Finesse desktop reports it); anything but `connected` shows a line. */
  @property({ attribute: false }) connection: HostConnection = 'connected';

  /** Other agents on the customers listed, by customer id (issue #18 item 2): shown on their lines. */
  @property({ attribute: false }) presence: ReadonlyMap<string, readonly PresenceBadgeAgent[]> = new Map();

  /** The tab shown. The element updates it when the agent picks a tab. */
  @property({ attribute: false }) tab: PaneTab = 'open';

  /** Focus to the Open list's current customer when Open is shown, else to the selected tab; never to a button that acts. */
  focusCurrent(): void {
    const current = this.tab === 'open' ? this.renderRoot.querySelector<HTMLElement>('#panel-open .item[aria-current=true]') : null;
    (current ?? this.renderRoot.querySelector<HTMLElement>(`#tab-${this.tab}`))?.focus();
  }

  /** Shows the Search tab and puts focus in its field, the text typed before selected (the keyboard shortcut). */
  async focusSearch(): Promise<void> {
    this.tab = 'search';
    await this.updateComplete;
    const field = this.renderRoot.querySelector<HTMLInputElement>('#panel-search input[type=search]');
    field?.focus();
    field?.select();
  }

  private onTabKey(event: KeyboardEvent): void {
    const index = TABS.indexOf(this.tab);
    const rtl = getComputedStyle(this).direction === 'rtl';
    let next: number | undefined;
    if (event.key === (rtl ? 'ArrowLeft' : 'ArrowRight')) next = (index + 1) % TABS.length;
    else if (event.key === (rtl ? 'ArrowRight' : 'ArrowLeft')) next = (index + TABS.length - 1) % TABS.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = TABS.length - 1;
    if (next === undefined) return;
    event.preventDefault();
    this.tab = TABS[next]!;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#tab-${this.tab}`)?.focus());
  }

  /** Arrow keys from the search box into the results and back up (`search-keys.ts`). */
  private onSearchKey(event: KeyboardEvent): void {
    const box = this.renderRoot.querySelector<HTMLInputElement>('#panel-search input[type=search]');
    const results = [...this.renderRoot.querySelectorAll<HTMLElement>('#panel-search .results .item')];
    if (searchKey(event, box, results)) event.preventDefault();
  }

  /** What a search shows under its results: nobody found, or only the first ones shown. */
  private renderSearchState() {
    const query = this.query.trim();
    if (!query || this.searched === null || this.searched.trim() !== query) return nothing;
    if (!this.results.length) return html`<p part="search-empty" class="muted empty">${msg(str`No customer matches “${query}”.`)}</p>`;
    const shown = this.results.length;
    return this.resultsMore ? html`<p part="search-more" class="muted small">${msg(str`First ${shown} shown: type more to narrow the search.`)}</p>` : nothing;
  }

  private onSearchInput(event: InputEvent): void {
    this.query = (event.target as HTMLInputElement).value;
    emit(this, 'cc-pane-search', { query: this.query });
  }

  /** Back to how a new agent finds it: the Open tab, no search text, one page of the Open list drawn. */
  reset(): void {
    this.tab = 'open';
    this.query = '';
    this.openShown = OPEN_PAGE;
  }

  /** The lines drawn: the first `openShown`, and the current customer's wherever it is. */
  private shownOpen(): readonly OpenEntry[] {
    if (this.open.length <= this.openShown) return this.open;
    const shown = this.open.slice(0, this.openShown);
    const active = this.open.find((entry) => entry.key === this.activeKey);
    return active && !shown.includes(active) ? [...shown, active] : shown;
  }

  private showMoreOpen(): void {
    this.openShown += OPEN_PAGE;
  }

  private renderOpenItem(entry: OpenEntry) {
    return html`<li>
      <button class="item" aria-current=${entry.key === this.activeKey ? 'true' : 'false'} @click=${() => emit(this, 'cc-pane-activate', { key: entry.key })}>
        <span class="name"><bdi>${entry.name}</bdi></span>
        <span class="muted small">
          ${entry.new ? html`<span class="new">${msg('New')}</span> · ` : nothing}${entry.channel ? channelLabel(entry.channel) : msg('Reopened')}
          ${entry.ended ? html` · ${msg('Ended')}` : nothing}
          ${!entry.created ? html` · ${msg('Not created')}` : nothing}
          ${entry.unsaved ? html` · <span class="unsaved">${msg('Unsaved')}</span>` : nothing}
          ${entry.caution ? html` · <span class="warn">${msg('Caution')}</span>` : nothing}
        </span>
        ${this.presenceOf(entry.key)}
      </button>
    </li>`;
  }

  /** Who else has this customer open, on its line; nothing when nobody. */
  private presenceOf(customerId: string) {
    const agents = this.presence.get(customerId);
    return agents?.length ? html`<cc-presence-badge part="presence" .agents=${agents}></cc-presence-badge>` : nothing;
  }

  private reopenButton(customerId: string, name: string, details: unknown) {
    return html`<li>
      <button class="item" @click=${() => emit(this, 'cc-pane-reopen', { customerId })}>
        <span class="name"><bdi>${name || msg('(no name)')}</bdi></span>
        ${details} ${this.presenceOf(customerId)}
      </button>
    </li>`;
  }

  protected override render() {
    const labels: Record<PaneTab, string> = { open: msg('Open'), recent: msg('Recent'), search: msg('Search') };
    const count = this.open.length;
    return html`
      <nav part="pane" class="pane column" aria-label=${msg('Customer management')}>
        ${this.sync
          ? html`<p part="sync" class="sync" data-state=${this.sync.state}><span class="dot" aria-hidden="true"></span>${syncText(this.sync)}</p>`
          : nothing}
        ${this.connection !== 'connected'
          ? html`<p part="host-connection" class="sync" data-state="offline" role="status"><span class="dot" aria-hidden="true"></span>${hostConnectionText(this.connection)}</p>`
          : nothing}
        <div role="tablist" part="tabs" class="tabs" aria-label=${msg('Customer lists')} @keydown=${this.onTabKey}>
          ${TABS.map(
            (tab) => html`<button
              role="tab"
              id=${`tab-${tab}`}
              aria-selected=${this.tab === tab ? 'true' : 'false'}
              aria-controls=${`panel-${tab}`}
              tabindex=${this.tab === tab ? 0 : -1}
              @click=${() => (this.tab = tab)}
            >
              ${labels[tab]}${tab === 'open' && count ? html` <span class="count">${count}</span>` : nothing}
            </button>`,
          )}
        </div>
        <div role="tabpanel" id="panel-open" aria-labelledby="tab-open" ?hidden=${this.tab !== 'open'}>
          ${count
            ? html`<ul class="list open-list" part="open-list">
                ${this.shownOpen().map((entry) => this.renderOpenItem(entry))}
              </ul>
              ${count > this.openShown
                ? html`<button part="open-more" class="more" @click=${this.showMoreOpen}>${moreText(count - this.openShown)}</button>`
                : nothing}`
            : html`<p class="muted empty">${msg('No customer open. A call, chat or email you take appears here.')}</p>`}
        </div>
        <div role="tabpanel" id="panel-recent" aria-labelledby="tab-recent" ?hidden=${this.tab !== 'recent'}>
          ${this.recent.length
            ? html`<ul class="list">
                ${this.recent.map((r) =>
                  this.reopenButton(
                    r.customerId,
                    r.name,
                    html`${r.requestTitle ? html`<span class="small request-title"><bdi>${r.requestTitle}</bdi></span>` : nothing}
                      <span class="muted small">${r.channel ? html`${channelLabel(r.channel)} · ` : nothing}<time datetime=${r.closedAt}>${this.agent.formatDateTime(r.closedAt, 'short')}</time></span>`,
                  ),
                )}
              </ul>`
            : html`<p class="muted empty">${msg('Customers you close appear here.')}</p>`}
        </div>
        <div role="tabpanel" id="panel-search" aria-labelledby="tab-search" ?hidden=${this.tab !== 'search'} @keydown=${this.onSearchKey}>
          <label class="search">
            <span>${msg('Find a customer')}</span>
            <input type="search" maxlength="2000" .value=${this.query} @input=${this.onSearchInput} placeholder=${msg('Name, phone, email, request title or tag')} />
          </label>
          <ul class="list results" aria-label=${msg('Search results')}>
            ${this.results.map((hit) =>
              this.reopenButton(
                hit.customer.id,
                recordName(hit.customer, fullName(hit.customer)),
                html`${contactLine(hit.customer) ? html`<span class="small"><bdi>${contactLine(hit.customer)}</bdi></span>` : nothing}
                  <span class="muted small">${msg(str`matched by ${matchedLabel(hit.matched)}`)}</span>`,
              ),
            )}
          </ul>
          ${this.renderSearchState()}
        </div>
      </nav>
    `;
  }
}
