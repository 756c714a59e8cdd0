import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { MAX_TEXT, type Activity, type Customer, type Request } from '../../model/index.js';
import type { MoveChoices, MoveTarget } from '../../session/session.js';
import { AgentController } from '../shared/controllers/agent.js';
import { emit } from '../shared/emit.js';
import { deepActive, focusLost } from '../shared/focus.js';
import { channelLabel } from '../shared/labels.js';
import { tokens } from '../shared/tokens.styles.js';
import { styles } from './move-dialog.styles.js';
import { customerLabel } from '../shared/customer-label.js';

/** Detail of `cc-move-confirm`: the agent confirmed moving `activityId` of work area `key` to `target`. */
export interface MoveConfirmDetail {
  key: string;
  activityId: string;
  target: MoveTarget;
}

/** Detail of `cc-move-open`: "Move to…" for `activityId` of work area `key` (answer by calling `show(choices)`). */
export interface MoveOpenDetail {
  key: string;
  activityId: string;
}

/** Detail of `cc-move-cancel`: the agent left the dialog without moving anything. */
export interface MoveCancelDetail {
  key: string;
}

/** Detail of `cc-move-search`: find customers to move the activity to (answer through `results`). */
export interface MoveSearchDetail {
  query: string;
}

/** Detail of `cc-move-customer`: the agent chose another customer (answer through `customerRequests`). */
export interface MoveCustomerDetail {
  customerId: string;
}

/** Customers found for a query (`cc-move-search`'s answer). */
export interface MoveSearchResults {
  query: string;
  customers: readonly Customer[];
}

/** The open requests of the customer chosen (`cc-move-customer`'s answer). */
export interface MoveCustomerRequests {
  customerId: string;
  requests: readonly Request[];
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cc-move-open': CustomEvent<MoveOpenDetail>;
    'cc-move-confirm': CustomEvent<MoveConfirmDetail>;
    'cc-move-cancel': CustomEvent<MoveCancelDetail>;
    'cc-move-search': CustomEvent<MoveSearchDetail>;
    'cc-move-customer': CustomEvent<MoveCustomerDetail>;
  }
}

/** A choice of the first step: an open request (`request:<id>`), a new request, or another customer. */
type Choice = `request:${string}` | 'new' | 'other';
/** For another customer: one of their open requests, a new one, or none. */
type OtherChoice = `request:${string}` | 'new' | 'none';

/** What the agent sees an activity as: its subject, else its note's first line, else its channel and date. */
export function activityLabel(activity: Activity, date: string): string {
  const subject = activity.subject.trim() || activity.notes.trim().split('\n', 1)[0]!.trim();
  if (subject) return subject;
  const channel = channelLabel(activity.channel);
  return msg(str`${channel}, ${date}`);
}

/** A request's title, or what stands for it when there is none. */
function requestLabel(request: Pick<Request, 'title'> | null): string {
  if (!request) return msg('No request');
  return request.title.trim() || msg('(no title)');
}

/**
 * "Move to…" for one activity of the journey (issue #19 item 1): the button
 * (enabled once an activity is selected, `activity`), and a modal dialog of
 * the gadget that it opens: first where to (another open request of the customer,
 * a new request with a title, or another customer found by search, then one
 * of their open requests, a new one or none), then a confirmation that names
 * the activity, where it is and where it goes. Keyboard-complete: arrows
 * choose among the options, Enter in a field goes on, Escape cancels, Tab
 * stays inside; focus returns to what opened it. Closed requests are never
 * offered (they are locked). It moves nothing itself: the button fires
 * `cc-move-open` (answered with `show(choices)`), the dialog
 * `cc-move-confirm` with the target, and it asks for customers and their
 * requests with `cc-move-search` and `cc-move-customer` (answered through
 * `results` and `customerRequests`).
 *
 * @summary The "Move to…" dialog of an activity: choose the target, confirm (issue #19).
 * @tagname cc-move-dialog
 *
 * @fires {CustomEvent<MoveOpenDetail>} cc-move-open - "Move to…" was pressed (`{ key, activityId }`); call `show(choices)` with the session's `moveChoices`.
 * @fires {CustomEvent<MoveConfirmDetail>} cc-move-confirm - The agent confirmed the move (`{ key, activityId, target }`); the dialog has closed.
 * @fires {CustomEvent<MoveCancelDetail>} cc-move-cancel - Cancel or Escape: nothing moves; the dialog has closed.
 * @fires {CustomEvent<MoveSearchDetail>} cc-move-search - The agent searches for another customer (`{ query }`); set `results`.
 * @fires {CustomEvent<MoveCustomerDetail>} cc-move-customer - The agent chose another customer (`{ customerId }`); set `customerRequests`.
 *
 * @csspart move-button - The "Move to…" button.
 * @csspart move-hint - Beside it: the activity selected, or how to select one.
 * @csspart dialog - The dialog.
 * @csspart confirm-text - The sentence that names the activity, its source and its target.
 *
 * @cssprop --cc-color-surface - Background of the dialog.
 * @cssprop --cc-color-border - Its border and the borders of its groups.
 * @cssprop --cc-color-danger - What is still missing before Next.
 * @cssprop --cc-color-muted - The hint beside the button.
 */
@localized()
export class MoveDialog extends LitElement {
  static override styles = [tokens, styles];

  private readonly agent = new AgentController(this);

  @query('dialog') private dialogEl!: HTMLDialogElement | null;

  /** The work area the button acts for. */
  @property() key = '';

  /** The activity selected in the journey; `null`: none (the button is disabled). */
  @property({ attribute: false }) activity: Activity | null = null;

  /** What can be moved where (the session's `moveChoices`); `null` while nothing is asked. */
  @property({ attribute: false }) choices: MoveChoices | null = null;

  /** Customers found for the last `cc-move-search` (the source customer is not offered). */
  @property({ attribute: false }) results: MoveSearchResults | null = null;

  /** The open requests of the customer chosen with `cc-move-customer`. */
  @property({ attribute: false }) customerRequests: MoveCustomerRequests | null = null;

  @state() private step: 'choose' | 'confirm' = 'choose';
  @state() private choice: Choice | null = null;
  @state() private newTitle = '';
  @state() private query = '';
  @state() private otherCustomer: Customer | null = null;
  @state() private otherChoice: OtherChoice | null = null;
  @state() private problem = '';
  /** What had focus when the dialog opened: it gets it back. */
  private opener: HTMLElement | null = null;

  /** Whether the dialog is open. */
  get open(): boolean {
    return this.dialogEl?.open ?? false;
  }

  /** Opens the dialog on `choices` (or the current ones), on its first step, focus on the first option. */
  async show(choices: MoveChoices | null = this.choices): Promise<void> {
    const active = deepActive();
    this.opener = active instanceof HTMLElement && active !== document.body ? active : null;
    this.choices = choices;
    this.step = 'choose';
    this.choice = null;
    this.newTitle = '';
    this.query = '';
    this.results = null;
    this.otherCustomer = null;
    this.otherChoice = null;
    this.customerRequests = null;
    this.problem = '';
    await this.updateComplete;
    if (!this.dialogEl?.open) this.dialogEl?.showModal();
    this.focusFirst();
  }

  /** "Move to…": asks for the choices of the selected activity (`cc-move-open`). `false` when none is selected. */
  requestOpen(): boolean {
    if (!this.activity) return false;
    emit(this, 'cc-move-open', { key: this.key, activityId: this.activity.id });
    return true;
  }

  private focusFirst(): void {
    const first = this.tabbables()[0];
    first?.focus();
  }

  /** The elements Tab reaches, in order: of each radio group only the checked radio, or its first when none is. */
  private tabbables(): HTMLElement[] {
    const all = [...(this.dialogEl?.querySelectorAll<HTMLInputElement | HTMLButtonElement>('input, button') ?? [])].filter((e) => !e.disabled);
    return all.filter((element) => {
      if (!(element instanceof HTMLInputElement) || element.type !== 'radio') return true;
      const group = all.filter((e): e is HTMLInputElement => e instanceof HTMLInputElement && e.type === 'radio' && e.name === element.name);
      const checked = group.find((e) => e.checked);
      return checked ? checked === element : group[0] === element;
    });
  }

  private close(): void {
    this.dialogEl?.close();
    const opener = this.opener;
    this.opener = null;
    if (opener?.isConnected && focusLost(this)) opener.focus();
  }

  private cancel(): void {
    const key = this.choices?.key ?? '';
    this.close();
    emit(this, 'cc-move-cancel', { key });
  }

  private onCancelEvent(event: Event): void {
    event.preventDefault();
    this.cancel();
  }

  private onKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Tab' || !this.dialogEl) return;
    const items = this.tabbables();
    const active = this.shadowRoot?.activeElement;
    if (event.shiftKey && active === items[0]) {
      event.preventDefault();
      items.at(-1)?.focus();
    } else if (!event.shiftKey && active === items.at(-1)) {
      event.preventDefault();
      items[0]?.focus();
    }
  }

  // ---- the first step: where to ----------------------------------------------------

  private choose(choice: Choice): void {
    this.choice = choice;
    this.problem = '';
  }

  private chooseCustomer(customer: Customer): void {
    this.otherCustomer = customer;
    this.otherChoice = null;
    this.problem = '';
    emit(this, 'cc-move-customer', { customerId: customer.id });
  }

  private search(): void {
    const query = this.query.trim();
    if (!query) {
      this.problem = msg('Type a name, phone or email to find the customer.');
      return;
    }
    this.problem = '';
    this.otherCustomer = null;
    this.otherChoice = null;
    emit(this, 'cc-move-search', { query });
  }

  /** The target chosen, or why there is none yet (said, and focus goes where the agent must act). */
  private target(): MoveTarget | string {
    const choices = this.choices!;
    const titleProblem = (): string | null => {
      const title = this.newTitle.trim();
      if (!title) return msg('Enter a title for the new request.');
      if (title.length > MAX_TEXT) return msg('The title is too long.');
      return null;
    };
    if (!this.choice) return msg('Choose where to move it.');
    if (this.choice.startsWith('request:')) return { to: 'request', requestId: this.choice.slice('request:'.length) };
    if (this.choice === 'new') return titleProblem() ?? { to: 'new-request', customerId: choices.customer.id, title: this.newTitle.trim() };
    const customer = this.otherCustomer;
    if (!customer) return msg('Find and choose the customer.');
    const name = customerLabel(customer);
    if (!this.otherChoice) return msg(str`Choose a request of ${name}, a new request, or no request.`);
    if (this.otherChoice === 'none') return { to: 'customer', customerId: customer.id };
    if (this.otherChoice === 'new') return titleProblem() ?? { to: 'new-request', customerId: customer.id, title: this.newTitle.trim() };
    return { to: 'request', requestId: this.otherChoice.slice('request:'.length) };
  }

  private async next(): Promise<void> {
    const target = this.target();
    if (typeof target === 'string') {
      this.problem = target;
      await this.updateComplete;
      const invalid = this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]');
      (invalid ?? this.renderRoot.querySelector<HTMLElement>('.problem'))?.focus();
      return;
    }
    this.problem = '';
    this.step = 'confirm';
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>('button.primary')?.focus();
  }

  private async back(): Promise<void> {
    this.step = 'choose';
    await this.updateComplete;
    this.focusFirst();
  }

  private confirm(): void {
    const target = this.target();
    const choices = this.choices;
    if (typeof target === 'string' || !choices) return;
    this.close();
    emit(this, 'cc-move-confirm', { key: choices.key, activityId: choices.activity.id, target });
  }

  // ---- render ------------------------------------------------------------------------

  private activityName(choices: MoveChoices): string {
    return activityLabel(choices.activity, this.agent.formatDateTime(choices.activity.at, 'short'));
  }

  /** The sentence that names what moves, from where, to where. */
  confirmText(): string {
    const choices = this.choices;
    const target = choices && this.target();
    if (!choices || !target || typeof target === 'string') return '';
    const activity = this.activityName(choices);
    const from = requestLabel(choices.from);
    const fromCustomer = customerLabel(choices.customer);
    const other = this.choice === 'other' ? this.otherCustomer : null;
    const toCustomer = other ? customerLabel(other) : fromCustomer;
    const to =
      target.to === 'new-request'
        ? target.title
        : target.to === 'request'
          ? requestLabel([...choices.requests, ...(this.customerRequests?.requests ?? [])].find((r) => r.id === target.requestId) ?? null)
          : '';
    if (!other) {
      return target.to === 'new-request'
        ? msg(str`Move “${activity}” from “${from}” to the new request “${to}” (${toCustomer})?`)
        : msg(str`Move “${activity}” from “${from}” to “${to}” (${toCustomer})?`);
    }
    if (target.to === 'customer') return msg(str`Move “${activity}” from “${from}” (${fromCustomer}) to ${toCustomer}, in no request?`);
    return target.to === 'new-request'
      ? msg(str`Move “${activity}” from “${from}” (${fromCustomer}) to the new request “${to}” (${toCustomer})?`)
      : msg(str`Move “${activity}” from “${from}” (${fromCustomer}) to “${to}” (${toCustomer})?`);
  }

  private radio(name: string, value: string, label: string, checked: boolean, onChoose: () => void): TemplateResult {
    return html`<label class="option"><input type="radio" name=${name} .value=${value} .checked=${checked} @change=${onChoose} /><span>${label}</span></label>`;
  }

  private titleField(): TemplateResult {
    const invalid = this.problem !== '' && (!this.newTitle.trim() || this.newTitle.trim().length > MAX_TEXT);
    return html`<div class="detail">
      <label for="new-title">${msg('Title of the new request')}</label>
      <input
        id="new-title"
        .value=${this.newTitle}
        maxlength=${MAX_TEXT}
        aria-invalid=${invalid ? 'true' : 'false'}
        aria-describedby=${invalid ? 'problem' : nothing}
        @input=${(e: Event) => (this.newTitle = (e.target as HTMLInputElement).value)}
        @keydown=${(e: KeyboardEvent) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            void this.next();
          }
        }}
      />
    </div>`;
  }

  private renderOther(choices: MoveChoices): TemplateResult {
    const results = this.results;
    const customers = results?.customers.filter((c) => c.id !== choices.customer.id) ?? [];
    const other = this.otherCustomer;
    const requests = other && this.customerRequests?.customerId === other.id ? this.customerRequests.requests.filter((r) => r.status === 'open') : null;
    return html`<div class="detail">
      <div class="search" role="search">
        <div class="field">
          <label for="query">${msg('Find a customer')}</label>
          <input
            id="query"
            type="search"
            .value=${this.query}
            @input=${(e: Event) => (this.query = (e.target as HTMLInputElement).value)}
            @keydown=${(e: KeyboardEvent) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                this.search();
              }
            }}
          />
        </div>
        <button @click=${() => this.search()}>${msg('Search')}</button>
      </div>
      ${results && !customers.length ? html`<p role="status">${msg(str`No other customer matches “${results.query}”.`)}</p>` : nothing}
      ${customers.length
        ? html`<fieldset>
            <legend>${msg('Customer')}</legend>
            ${customers.map((c) => this.radio('customer', c.id, customerLabel(c), other?.id === c.id, () => this.chooseCustomer(c)))}
          </fieldset>`
        : nothing}
      ${other && requests
        ? html`<fieldset>
            <legend>${msg(str`Request of ${customerLabel(other)}`)}</legend>
            ${requests.map((r) => this.radio('other-target', `request:${r.id}`, requestLabel(r), this.otherChoice === `request:${r.id}`, () => (this.otherChoice = `request:${r.id}`)))}
            ${this.radio('other-target', 'new', msg('New request'), this.otherChoice === 'new', () => (this.otherChoice = 'new'))}
            ${this.otherChoice === 'new' ? this.titleField() : nothing}
            ${this.radio('other-target', 'none', msg('No request'), this.otherChoice === 'none', () => (this.otherChoice = 'none'))}
          </fieldset>`
        : nothing}
    </div>`;
  }

  private renderChoose(choices: MoveChoices): TemplateResult {
    const activity = this.activityName(choices);
    const from = requestLabel(choices.from);
    const customer = customerLabel(choices.customer);
    return html`
      <h2 id="dialog-title">${msg(str`Move “${activity}”`)}</h2>
      <p id="dialog-text">${msg(str`Now in “${from}” (${customer}). Closed requests cannot be chosen.`)}</p>
      <fieldset>
        <legend>${msg('Move to')}</legend>
        ${choices.requests.map((r) => this.radio('target', `request:${r.id}`, requestLabel(r), this.choice === `request:${r.id}`, () => this.choose(`request:${r.id}`)))}
        ${this.radio('target', 'new', msg('New request'), this.choice === 'new', () => this.choose('new'))}
        ${this.choice === 'new' ? this.titleField() : nothing}
        ${this.radio('target', 'other', msg('Another customer…'), this.choice === 'other', () => this.choose('other'))}
        ${this.choice === 'other' ? this.renderOther(choices) : nothing}
      </fieldset>
      ${this.problem ? html`<p id="problem" class="problem" role="alert" tabindex="-1">${this.problem}</p>` : nothing}
      <div class="actions">
        <button class="primary" @click=${() => void this.next()}>${msg('Next')}</button>
        <button @click=${() => this.cancel()}>${msg('Cancel')}</button>
      </div>
    `;
  }

  private renderConfirm(): TemplateResult {
    return html`
      <h2 id="dialog-title">${msg('Move this activity?')}</h2>
      <p id="dialog-text" part="confirm-text">${this.confirmText()}</p>
      <div class="actions">
        <button class="primary" @click=${() => this.confirm()}>${msg('Move')}</button>
        <button @click=${() => void this.back()}>${msg('Back')}</button>
        <button @click=${() => this.cancel()}>${msg('Cancel')}</button>
      </div>
    `;
  }

  protected override render() {
    const choices = this.choices;
    const selected = this.activity;
    const hint = selected
      ? msg(str`Selected: ${activityLabel(selected, this.agent.formatDateTime(selected.at, 'short'))}`)
      : msg('Select an activity in the journey to move it.');
    return html`<div class="trigger">
        <button part="move-button" ?disabled=${!selected} aria-describedby="move-hint" @click=${() => this.requestOpen()}>${msg('Move to…')}</button>
        <span id="move-hint" part="move-hint" class="muted">${hint}</span>
      </div>
      <dialog part="dialog" aria-labelledby="dialog-title" aria-describedby="dialog-text" @cancel=${this.onCancelEvent} @keydown=${this.onKeydown}>
      ${choices ? (this.step === 'choose' ? this.renderChoose(choices) : this.renderConfirm()) : nothing}
    </dialog>`;
  }
}

/** The activity of `journey` selected (`selectedId`), or null when nothing or a request is selected. */
export function selectedActivity(journey: readonly (Activity | Request)[], selectedId: string | null): Activity | null {
  if (!selectedId) return null;
  const entry = journey.find((e) => e.id === selectedId);
  return entry?.type === 'activity' ? entry : null;
}
