import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import type { Customer } from '../../model/index.js';
import type { MergeChoice, MergeChoices, MergePlan, MergeProgress } from '../../session/session.js';
import { AgentController } from '../shared/controllers/agent.js';
import { emit } from '../shared/emit.js';
import { deepActive } from '../shared/focus.js';
import { fieldLabel } from '../shared/labels.js';
import { formatCount } from '../shared/locale-format.js';
import { tokens } from '../shared/tokens.styles.js';
import { styles } from './merge-dialog.styles.js';
import { customerLabel } from '../shared/customer-label.js';

/** A merge plan as the session makes it, with why its survivor was suggested. */
export type MergeDialogPlan = MergePlan & { reason: 'more-activities' | 'older' | 'chosen' };

/** Detail of `cc-merge-search`: find the other customer (answer through `results`). */
export interface MergeSearchDetail {
  query: string;
}

/** Detail of `cc-merge-plan`: plan the merge of `customerId` and `otherId` (answer through `plan`); `survivorId` when the agent chose which one stays. */
export interface MergePlanDetail {
  customerId: string;
  otherId: string;
  survivorId?: string | undefined;
}

/** Detail of `cc-merge-confirm`: the agent confirmed the merge with these choices. */
export interface MergeConfirmDetail {
  plan: MergeDialogPlan;
  choices: MergeChoices;
}

/** Detail of `cc-merge-cancel`: nothing. */
export type MergeCancelDetail = Record<string, never>;

/** Customers found for a query (`cc-merge-search`'s answer). */
export interface MergeSearchResults {
  query: string;
  customers: readonly Customer[];
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cc-merge-search': CustomEvent<MergeSearchDetail>;
    'cc-merge-plan': CustomEvent<MergePlanDetail>;
    'cc-merge-confirm': CustomEvent<MergeConfirmDetail>;
    'cc-merge-cancel': CustomEvent<MergeCancelDetail>;
  }
}

type Step = 'find' | 'fields' | 'confirm' | 'running';

function choiceLabel(choice: MergeChoice): string {
  return choice.field.startsWith('fields.') ? choice.field.slice('fields.'.length) : fieldLabel(choice.field);
}

/**
 * "Merge with…" (issue #19 item 2): a modal dialog of the gadget that merges
 * another customer into this one, or this one into the other, in steps:
 * **find** the other customer (search), the **fields** side by side (which
 * record stays, suggested with the reason; one radio group per field whose
 * values differ; contact points and free fields kept from both, listed), a
 * **confirmation** that names both, and the **progress** of moving their
 * requests and activities. Keyboard-complete (arrows in each radio group,
 * Escape cancels before the merge starts, Tab stays inside); focus starts on
 * each step's first control and returns to what opened the dialog. It merges
 * nothing itself: it asks with `cc-merge-search` and `cc-merge-plan`
 * (answered through `results` and `plan`) and fires `cc-merge-confirm`; the
 * parent reports progress (`progress`), a refusal (`problem`) and the end (`finish()`).
 *
 * @summary The "Merge with…" dialog: find, choose the values, confirm, progress (issue #19).
 * @tagname cc-merge-dialog
 *
 * @fires {CustomEvent<MergeSearchDetail>} cc-merge-search - The agent searches for the other customer (`{ query }`); set `results`.
 * @fires {CustomEvent<MergePlanDetail>} cc-merge-plan - The agent picked the other customer or which one stays; set `plan`.
 * @fires {CustomEvent<MergeConfirmDetail>} cc-merge-confirm - The agent confirmed (`{ plan, choices }`); set `progress` while it runs, then call `finish()`.
 * @fires {CustomEvent<MergeCancelDetail>} cc-merge-cancel - Cancel or Escape before the merge started; the dialog has closed.
 *
 * @csspart dialog - The dialog.
 * @csspart confirm-text - The sentence that names both customers.
 * @csspart progress - The progress of the moves.
 *
 * @cssprop --cc-color-surface - Background of the dialog.
 * @cssprop --cc-color-border - Its border and the borders of its groups.
 * @cssprop --cc-color-accent - The primary button.
 * @cssprop --cc-color-danger - A refusal.
 * @cssprop --cc-color-muted - Hints.
 */
@localized()
export class MergeDialog extends LitElement {
  static override styles = [tokens, styles];

  private readonly agent = new AgentController(this);

  @query('dialog') private dialogEl!: HTMLDialogElement | null;

  /** The customer whose form opened the dialog. */
  @property({ attribute: false }) customer: Customer | null = null;

  /** Customers found for the last `cc-merge-search` (this customer and merged ones are not offered). */
  @property({ attribute: false }) results: MergeSearchResults | null = null;

  /** The merge planned for the customers picked (`cc-merge-plan`'s answer); null until then. */
  @property({ attribute: false }) plan: MergeDialogPlan | null = null;

  /** While the merge runs: how many requests and activities moved of how many. */
  @property({ attribute: false }) progress: MergeProgress | null = null;

  /** Why the merge was refused or failed ('' for none): shown, and the dialog goes back to the fields. */
  @property({ attribute: false }) problem = '';

  @state() private step: Step = 'find';
  @state() private choices: Record<string, 'survivor' | 'duplicate'> = {};
  @state() private query = '';
  private opener: HTMLElement | null = null;
  private focusStep = false;

  /** Opens the dialog on its first step (find the other customer), focus in the search field. */
  async show(): Promise<void> {
    const active = deepActive();
    this.opener = active instanceof HTMLElement ? active : null;
    this.step = 'find';
    this.plan = null;
    this.results = null;
    this.progress = null;
    this.problem = '';
    this.query = '';
    await this.updateComplete;
    this.dialogEl?.showModal();
    this.focusFirst();
  }

  /** Whether the dialog is open. */
  get open(): boolean {
    return this.dialogEl?.open ?? false;
  }

  /** The merge ended (done, or refused: `problem` set first keeps the dialog open on the fields). */
  async finish(): Promise<void> {
    if (this.problem) {
      this.step = this.plan ? 'fields' : 'find';
      this.focusStep = true;
      return;
    }
    this.close();
  }

  private close(): void {
    this.dialogEl?.close();
    this.step = 'find';
    this.plan = null;
    this.progress = null;
    const opener = this.opener;
    this.opener = null;
    if (opener?.isConnected) opener.focus();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('plan') && this.plan) {
      this.choices = {};
      if (this.step === 'find') {
        this.step = 'fields';
        this.focusStep = true;
      }
    }
  }

  protected override updated(): void {
    if (this.focusStep) {
      this.focusStep = false;
      this.focusFirst();
    }
  }

  private focusFirst(): void {
    const root = this.dialogEl;
    const first = root?.querySelector<HTMLElement>('input:checked, input[type="search"], [data-first], button.primary') ?? null;
    first?.focus();
  }

  private onSearch(event: Event): void {
    this.query = (event.target as HTMLInputElement).value;
    if (this.query.trim()) emit(this, 'cc-merge-search', { query: this.query.trim() });
  }

  private pick(other: Customer): void {
    if (!this.customer) return;
    this.problem = '';
    emit(this, 'cc-merge-plan', { customerId: this.customer.id, otherId: other.id });
  }

  private chooseSurvivor(survivorId: string): void {
    const plan = this.plan;
    if (!plan || plan.survivor.id === survivorId) return;
    emit(this, 'cc-merge-plan', { customerId: plan.survivor.id, otherId: plan.duplicate.id, survivorId });
  }

  private side(choice: MergeChoice): 'survivor' | 'duplicate' {
    return this.choices[choice.field] ?? (choice.survivor.trim() === '' && choice.duplicate.trim() !== '' ? 'duplicate' : 'survivor');
  }

  private go(step: Step): void {
    this.step = step;
    this.focusStep = true;
  }

  private confirm(): void {
    const plan = this.plan;
    if (!plan) return;
    this.problem = '';
    this.progress = { done: 0, total: 0 };
    this.go('running');
    const choices: Record<string, 'survivor' | 'duplicate'> = {};
    for (const choice of plan.choices) choices[choice.field] = this.side(choice);
    emit(this, 'cc-merge-confirm', { plan, choices });
  }

  private cancel(): void {
    this.close();
    emit(this, 'cc-merge-cancel', {});
  }

  private onCancelEvent(event: Event): void {
    event.preventDefault();
    if (this.step !== 'running') this.cancel();
  }

  /** Keeps Tab inside the dialog. */
  private onKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Tab' || !this.dialogEl) return;
    const focusable = [...this.dialogEl.querySelectorAll<HTMLElement>('button:not([disabled]), input:not([type="radio"]), input[type="radio"]:checked')];
    const active = this.shadowRoot?.activeElement;
    if (event.shiftKey && active === focusable[0]) {
      event.preventDefault();
      focusable.at(-1)?.focus();
    } else if (!event.shiftKey && active === focusable.at(-1)) {
      event.preventDefault();
      focusable[0]?.focus();
    }
  }

  private renderFind() {
    const own = this.customer?.id;
    const found = this.results && this.results.query === this.query.trim() ? this.results.customers.filter((c) => c.id !== own && !c.mergedInto) : null;
    const name = customerLabel(this.customer ?? { name: '', emails: [], phones: [], chatIds: [] });
    return html`<h2 id="title">${msg(str`Merge ${name} with…`)}</h2>
      <label class="field">
        ${msg('Find the other customer')}
        <input type="search" .value=${this.query} @input=${this.onSearch} aria-describedby="find-hint" />
      </label>
      <p id="find-hint" class="muted hint">${msg('Search by name, phone, email, request title or tag.')}</p>
      ${found === null
        ? nothing
        : found.length === 0
          ? html`<p role="status">${msg('No other customer matches.')}</p>`
          : html`<ul class="results" aria-label=${msg('Customers found')}>
              ${found.map((c) => {
                const contact = [...c.phones.slice(0, 1), ...c.emails.slice(0, 1)].join(' · ');
                return html`<li><button type="button" @click=${() => this.pick(c)}><bdi>${customerLabel(c)}</bdi>${contact ? html` · <bdi>${contact}</bdi>` : nothing}</button></li>`;
              })}
            </ul>`}
      ${this.problem ? html`<p class="problem" role="alert">${this.problem}</p>` : nothing}
      <div class="actions"><button type="button" @click=${this.cancel}>${msg('Cancel')}</button></div>`;
  }

  private renderFields(plan: MergeDialogPlan) {
    const { survivor, duplicate } = plan;
    const reason =
      plan.reason === 'more-activities' ? msg('Suggested: it has more activities.') : plan.reason === 'older' ? msg('Suggested: it is the older record.') : '';
    const notSet = msg('Not set');
    const kept = (values: readonly string[]) => (values.length ? html`<bdi>${values.join(', ')}</bdi>` : html`<span class="muted">${notSet}</span>`);
    const fieldsKept = Object.entries(plan.fields);
    return html`<h2 id="title">${msg('Choose what the merged customer keeps')}</h2>
      <fieldset>
        <legend>${msg('Which record stays')}</legend>
        ${[survivor, duplicate].map(
          (c) => html`<label class="option"
            ><input type="radio" name="survivor" .checked=${c.id === survivor.id} @change=${() => this.chooseSurvivor(c.id)} /><bdi>${customerLabel(c)}</bdi></label
          >`,
        )}
        ${reason ? html`<p class="muted hint">${reason}</p>` : nothing}
      </fieldset>
      ${plan.choices.map((choice) => {
        const side = this.side(choice);
        const option = (which: 'survivor' | 'duplicate') => html`<label class="option"
          ><input
            type="radio"
            name=${`choice-${choice.field}`}
            .checked=${side === which}
            @change=${() => (this.choices = { ...this.choices, [choice.field]: which })}
          />${choice[which] ? html`<bdi>${choice[which]}</bdi>` : html`<span class="muted">${notSet}</span>`}
          <span class="muted hint">(${customerLabel(which === 'survivor' ? survivor : duplicate)})</span></label
        >`;
        return html`<fieldset>
          <legend>${choiceLabel(choice)}</legend>
          ${option('survivor')} ${option('duplicate')}
        </fieldset>`;
      })}
      <fieldset>
        <legend>${msg('Kept from both')}</legend>
        <dl class="kept">
          <dt>${fieldLabel('phones')}</dt>
          <dd>${kept(plan.contacts.phones)}</dd>
          <dt>${fieldLabel('emails')}</dt>
          <dd>${kept(plan.contacts.emails)}</dd>
          <dt>${fieldLabel('chatIds')}</dt>
          <dd>${kept(plan.contacts.chatIds)}</dd>
          ${fieldsKept.map(([label, value]) => html`<dt>${label}</dt><dd><bdi>${value}</bdi></dd>`)}
        </dl>
      </fieldset>
      ${plan.overLimit.length ? html`<p class="problem" role="alert">${msg('Together they have more contact points or fields than one customer can hold. Remove some from one of them first.')}</p>` : nothing}
      ${this.problem ? html`<p class="problem" role="alert">${this.problem}</p>` : nothing}
      <div class="actions">
        <button class="primary" type="button" ?disabled=${plan.overLimit.length > 0} @click=${() => this.go('confirm')}>${msg('Next')}</button>
        <button type="button" @click=${() => this.go('find')}>${msg('Back')}</button>
        <button type="button" @click=${this.cancel}>${msg('Cancel')}</button>
      </div>`;
  }

  private renderConfirm(plan: MergeDialogPlan) {
    const survivor = customerLabel(plan.survivor);
    const duplicate = customerLabel(plan.duplicate);
    return html`<h2 id="title">${msg(str`Merge ${duplicate} into ${survivor}?`)}</h2>
      <p part="confirm-text">
        ${msg(str`${survivor} keeps the values you chose and the contact points of both. The requests and activities of ${duplicate} move to ${survivor}, and ${duplicate} will point to ${survivor}. You can undo this until the gadget is closed.`)}
      </p>
      <div class="actions">
        <button class="primary" type="button" @click=${this.confirm}>${msg('Merge')}</button>
        <button type="button" @click=${() => this.go('fields')}>${msg('Back')}</button>
        <button type="button" @click=${this.cancel}>${msg('Cancel')}</button>
      </div>`;
  }

  private renderRunning(plan: MergeDialogPlan) {
    const locale = this.agent.value.locale;
    const progress = this.progress ?? { done: 0, total: 0 };
    const done = formatCount(progress.done, locale);
    const total = formatCount(progress.total, locale);
    const duplicate = customerLabel(plan.duplicate);
    const survivor = customerLabel(plan.survivor);
    return html`<h2 id="title">${msg(str`Merging ${duplicate} into ${survivor}`)}</h2>
      <progress part="progress" max=${Math.max(progress.total, 1)} .value=${progress.done} aria-labelledby="running-text"></progress>
      <p id="running-text" role="status">${msg(str`Moving ${done} of ${total} requests and activities…`)}</p>`;
  }

  protected override render() {
    const plan = this.plan;
    let body;
    if (this.step === 'running' && plan) body = this.renderRunning(plan);
    else if (this.step === 'confirm' && plan) body = this.renderConfirm(plan);
    else if (this.step === 'fields' && plan) body = this.renderFields(plan);
    else body = this.renderFind();
    return html`<dialog part="dialog" aria-labelledby="title" @cancel=${this.onCancelEvent} @keydown=${this.onKeydown}>${body}</dialog>`;
  }
}
