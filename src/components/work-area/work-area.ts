import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import { localized, msg, str } from '@lit/localize';
import { fullName, sameData, type ActivityData, type CustomerData, type DataOf, type Kind, type RecordOf, type Request, type RequestData } from '../../model/index.js';
import type { Workspace } from '../../session/session.js';
import { emit } from '../shared/emit.js';
import { deepActive, focusLost } from '../shared/focus.js';
import { channelLabel, recordName } from '../shared/labels.js';
import { tokens } from '../shared/tokens.styles.js';
import type { CustomerForm } from '../customer-form/customer-form.js';
import type { RequestInputDetail, RequestStatusDetail } from '../request-editor/request-editor.js';
import type { TagsChangeDetail } from '../tag-input/tag-input.js';
import type { JourneyEntry, JourneyPeriod, JourneyPeriodDetail } from '../journey-view/journey-view.js';
import '../customer-form/define.js';
import '../request-editor/define.js';
import '../tag-input/define.js';
import '../journey-view/define.js';
import '../history-chart/define.js';
import '../duplicate-list/define.js';
import '../merge-dialog/define.js';
import type { MergeDialog } from '../merge-dialog/merge-dialog.js';
import type { LikelyDuplicate, MergeDone, MergeRun } from '../../session/session.js';
import '../request-added/define.js';
import { selectedActivity, type MoveDialog } from '../move-dialog/define.js';
import { renderCautions, renderDamage } from './notices.js';
import type { UnsavedFields } from '../../session/session.js';
import { AgentController } from '../shared/controllers/agent.js';
import { plural } from '../shared/plural.js';
import { MAX_TEXT } from '../../model/limits.js';
import { formatCount } from '../shared/locale-format.js';
import { textField, textFieldStyles, tooLongText } from '../shared/text-field.js';
import { styles } from './work-area.styles.js';
import '../presence-badge/define.js';
import { editingAfterText, type PresenceBadgeAgent } from '../presence-badge/presence-badge.js';
import { customerLabel } from '../shared/customer-label.js';

/** Nothing unsaved. */
const NOTHING_UNSAVED: UnsavedFields = { customer: [], request: [], activity: [] };

/** "2 unsaved changes", by the plural rules of the language shown. */
export function unsavedText(count: number, locale: string): string {
  const n = formatCount(count, locale);
  return plural(count, { one: () => msg(str`${n} unsaved change`), other: () => msg(str`${n} unsaved changes`) });
}

/** Detail of `cc-work-edit`: the agent changed the customer, the request or the activity of the work area `key`. */
export type WorkEditDetail =
  | { key: string; kind: 'customer'; changes: CustomerData }
  | { key: string; kind: 'request'; changes: Partial<RequestData> }
  | { key: string; kind: 'activity'; changes: Partial<ActivityData> };

/** Detail of `cc-work-save`: Save; `customer` is the form's data when it was the customer form's Save (take it first). */
export interface WorkSaveDetail {
  key: string;
  customer?: CustomerData;
}

/** Detail of `cc-work-create`: the form's Create, with the data that passed the model's checks. */
export interface WorkCreateDetail {
  key: string;
  data: CustomerData;
}

/** Detail of `cc-work-close` and `cc-work-more`: which work area. */
export interface WorkKeyDetail {
  key: string;
}

/** Detail of `cc-work-period`: the journey's time frame the agent chose (issue #19). */
export interface WorkPeriodDetail {
  key: string;
  period: JourneyPeriod;
}

/** Detail of `cc-work-load`: the caution's Load (R4.2). */
export interface WorkLoadDetail {
  key: string;
  kind: Kind;
}

/** Detail of `cc-work-choose`: for a field both agents changed, the version to keep. */
export interface WorkChooseDetail {
  key: string;
  kind: Kind;
  field: string;
  side: 'mine' | 'theirs';
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cc-work-edit': CustomEvent<WorkEditDetail>;
    'cc-work-save': CustomEvent<WorkSaveDetail>;
    'cc-work-create': CustomEvent<WorkCreateDetail>;
    'cc-work-close': CustomEvent<WorkKeyDetail>;
    'cc-work-more': CustomEvent<WorkKeyDetail>;
    'cc-work-period': CustomEvent<WorkPeriodDetail>;
    'cc-work-load': CustomEvent<WorkLoadDetail>;
    'cc-work-choose': CustomEvent<WorkChooseDetail>;
    'cc-work-repair': CustomEvent<WorkKeyDetail>;
  }
}

/** The fields of a draft the agent changed from the record it was typed on, or null when none. */
function typedFields<K extends 'request' | 'activity'>(record: RecordOf[K] | null, draft: DataOf[K] | null): Partial<DataOf[K]> | null {
  if (!record || !draft) return null;
  const saved = record as unknown as Record<string, unknown>;
  const typed = Object.entries(draft).filter(([field, value]) => !sameData(saved[field], value));
  return typed.length ? (Object.fromEntries(typed) as Partial<DataOf[K]>) : null;
}

/** Per workspace object (replaced on every change): a render with nothing new passes the same array. */
const journeys = new WeakMap<Workspace, Workspace['journey']>();

/**
 * The journey as the agent sees it while typing: the request and the activity
 * being edited show what was typed so far (title, description, status, tags,
 * notes), so the journey's rows and preview agree with the editors above them.
 * Only the fields the agent changed are laid over the entry: one another agent
 * saved meanwhile, and this agent did not touch, shows theirs. Saved writes
 * are in `w.journey` already (the session puts every store change there). The
 * same array when nothing differs, so the list is not recomputed for nothing.
 */
function journeyWithDraft(w: Workspace): Workspace['journey'] {
  const cached = journeys.get(w);
  if (cached) return cached;
  const request = typedFields<'request'>(w.request, w.requestDraft);
  const activity = typedFields<'activity'>(w.activity, w.activityDraft);
  const journey =
    request || activity
      ? w.journey.map((entry) =>
          request && entry.type === 'request' && entry.id === w.request?.id
            ? { ...entry, ...request }
            : activity && entry.type === 'activity' && entry.id === w.activity?.id
              ? { ...entry, ...activity }
              : entry,
        )
      : w.journey;
  journeys.set(w, journey);
  return journey;
}

/**
 * The work on one customer: the header (name, channel, Save, Close), the
 * customer form (Create for an unknown contact; view and Edit once created),
 * the request, the activity's note and tags (each field marked when not
 * saved, counted in the header), cautions and choices after another agent
 * saved first, and the journey. Each customer's work area is its own DOM
 * (nothing half-typed carries over to the next customer). It shows the
 * workspace it is given and reports what the agent does; `<customer-context>`
 * acts on it.
 *
 * @summary The customer being worked on: form, request, tags, cautions, journey (R2–R5, R8).
 * @tagname cc-work-area
 *
 * @fires {CustomEvent<WorkEditDetail>} cc-work-edit - The agent changed the customer, the request or the activity's note or tags.
 * @fires {CustomEvent<WorkSaveDetail>} cc-work-save - Save (the header's, or the customer form's with its data).
 * @fires {CustomEvent<WorkCreateDetail>} cc-work-create - The customer form's Create.
 * @fires {CustomEvent<WorkKeyDetail>} cc-work-close - Close.
 * @fires {CustomEvent<WorkKeyDetail>} cc-work-more - The journey wants older entries.
 * @fires {CustomEvent<WorkPeriodDetail>} cc-work-period - The agent chose a time frame for the journey.
 * @fires {CustomEvent<WorkLoadDetail>} cc-work-load - Load on a caution.
 * @fires {CustomEvent<WorkKeyDetail>} cc-work-repair - The agent accepts the repaired values of damaged stored records.
 * @fires {CustomEvent<WorkChooseDetail>} cc-work-choose - Keep mine / Use theirs for a field both agents changed.
 *
 * @csspart workspace - The work area.
 * @csspart header - The customer header (name, channel, Save, Close).
 * @csspart saved - "Saved", beside Save after a save, until the next change.
 * @csspart presence - Who else has this customer open, in the header (a `<cc-presence-badge>`).
 * @csspart presence-warning - Beside Save: another agent started editing the same record after this agent did (a warning only).
 * @csspart caution - A caution notification (another agent saved first).
 * @csspart request-added - "Added to request …" with "Start a new request instead" (`<cc-request-added>`, R2.5).
 * @csspart damage - The note on stored data that broke the rules, with "Use the repaired values".
 * @csspart customer-form - The inner `<customer-form>` (its inputs are exported as `customer-form-name-input`, `customer-form-last-name-input`, `customer-form-address-input`).
 * @csspart request-editor - The inner `<request-editor>` (its parts exported as `request-editor-title-input`, `request-editor-description-input`, `request-editor-details`).
 * @csspart unsaved-count - "2 unsaved changes" in the header: the fields marked "Unsaved" (nothing before the agent changes something).
 * @csspart activity - The current activity: its note and its tags.
 * @csspart note-input - The activity's note `<textarea>` (at most 2,000 characters; `focusNote()` focuses it).
 * @csspart unsaved-mark - "Unsaved" beside a field of the work area whose value is not saved yet ("Tags not saved" above the tags).
 * @csspart tag-input - The inner `<tag-input>`.
 * @csspart history - The customer's activities per month over the last 12 months, above the journey (`<cc-history-chart>`, issue #19).
 * @csspart journey - The inner `<journey-view>`.
 * @csspart duplicates - A new customer: the stored customers it may be, with "Use this one" (`<cc-duplicate-list>`, issue #19).
 * @csspart merge-note - After a merge in this session: "Merged · Undo", or a merge's progress (`<cc-merge-note>`, issue #19).
 * @csspart merge-dialog - "Merge with…" (`<cc-merge-dialog>`, opened by the customer form's button, issue #19).
 * @csspart move - "Move to…" for the activity selected in the journey, and the dialog it opens (`<cc-move-dialog>`, issue #19).
 *
 * @cssprop --cc-color-warning - Text and border of cautions and choices, and of the unsaved markers.
 * @cssprop --cc-color-warning-surface - Background of cautions.
 * @cssprop --cc-color-danger - The border of a refusal notice.
 * @cssprop --cc-color-surface-alt - Background of notes and of each side of a choice.
 */
@localized()
export class WorkArea extends LitElement {
  static override styles = [tokens, textFieldStyles, styles];

  /** The agent's locale (the note's counter, the unsaved count), when a `<customer-context>` provides it. */
  private readonly agent = new AgentController(this);

  /** The work area shown; `undefined` shows the empty state. */
  @property({ attribute: false }) workspace: Workspace | undefined;

  /** Whether it holds unsaved input (Save is enabled). */
  @property({ attribute: false }) dirty = false;

  /**
   * What the agent changed and has not saved, field by field (the session's
   * `unsaved()`): each field is marked "Unsaved", and the header counts them.
   * A new contact's prefilled details are not counted.
   */
  @property({ attribute: false }) unsaved: UnsavedFields | undefined;

  private get changes(): UnsavedFields {
    return this.unsaved ?? NOTHING_UNSAVED;
  }

  /** Whether its last save succeeded with nothing changed since ("Saved" shows). */
  @property({ attribute: false }) saved = false;

  /** Why the last Save or Close was refused ('' for none). */
  @property({ attribute: false }) notice = '';

  /** Other agents on this customer (issue #18 item 2), shown in the header. */
  @property({ attribute: false }) presence: readonly PresenceBadgeAgent[] = [];

  /** Other agents who started editing what this agent edits after they did: a warning beside Save (Save still works). */
  @property({ attribute: false }) presenceWarning: readonly PresenceBadgeAgent[] = [];

  /** R2.5 with a choice: the request the current activity went into while it may still move into a new one ("Start a new request instead"); null: none. */
  @property({ attribute: false }) newRequestFrom: Request | null = null;

  /** Care mode: the empty state points to the task queue. */
  @property({ attribute: false }) care = false;

  /**
   * The kinds whose stored record broke the model's rules (written by another
   * client) and shows repaired, not accepted yet: a note says so, with the
   * choice to use the repaired values (Save refuses them until then).
   */
  @property({ attribute: false }) damaged: readonly Kind[] = [];

  /** A new customer: the likely duplicates of what the form holds (the session's `duplicates(key)`), shown with "Use this one". */
  @property({ attribute: false }) duplicates: readonly LikelyDuplicate[] = [];

  /** The merge into this customer done in this session ("Merged · Undo"), or null. */
  @property({ attribute: false }) mergeDone: MergeDone | null = null;

  /** The merge (or its Undo) running on this customer, with its progress, or null. */
  @property({ attribute: false }) mergeRunning: MergeRun | null = null;

  /** "Merge with…" from the customer form: the merge dialog opens on this customer. */
  private async openMerge(): Promise<void> {
    await this.updateComplete;
    await this.renderRoot.querySelector<MergeDialog>('cc-merge-dialog')?.show();
  }

  @state() private formOpen = false;
  @state() private formMode: 'view' | 'edit' = 'view';
  @state() private selectedEntryId: string | null = null;
  /** What had focus when the customer form went into edit mode (its Edit button): focus returns there after Save or Cancel. */
  private formOpener: { element: HTMLElement; inForm: boolean } | null = null;

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Another customer: nothing of the previous one's form or selection stays.
    if (changed.has('workspace') && (changed.get('workspace') as Workspace | undefined)?.key !== this.workspace?.key) {
      this.formOpen = false;
      this.formMode = 'view';
      this.selectedEntryId = null;
      this.formOpener = null;
    }
  }

  /** Moves focus to the customer's name, or to the Create form's first field (a customer not created yet). */
  override focus(options?: FocusOptions): void {
    const heading = this.renderRoot.querySelector<HTMLButtonElement>('.customer-name');
    if (heading && !heading.disabled) heading.focus(options);
    else this.renderRoot.querySelector<CustomerForm>('customer-form')?.focus(options);
  }

  /**
   * After the form's Save or Cancel: back to the read-only view, and focus
   * returns to what opened the edit when it is still there; the form's Edit
   * button when that was it (the view renders it anew); else the customer's
   * name. Only when focus was lost with the fields: never taken from where
   * the agent put it.
   */
  async closeForm(): Promise<void> {
    this.formMode = 'view';
    const opener = this.formOpener;
    this.formOpener = null;
    const form = await this.renderedForm();
    if (!focusLost(this)) return;
    if (opener?.element.isConnected && !opener.element.closest('[hidden]')) opener.element.focus();
    else if (opener?.inForm && form?.mode === 'view') form.focus();
    else this.renderRoot.querySelector<HTMLElement>('.customer-name')?.focus();
  }

  /** A required field is missing (the name, R5.2): the form says so and takes focus. Resolves `false` when no form is shown. */
  async reportValidity(): Promise<boolean> {
    const form = await this.renderedForm();
    if (!form) return false;
    await form.reportValidity();
    return true;
  }

  /** Focus to the first field still to choose (R4.2). Resolves `false` when there is none. */
  async focusChoice(): Promise<boolean> {
    await this.updateComplete;
    const first = this.renderRoot.querySelector<HTMLElement>('.choices .choice button');
    first?.focus();
    return first !== null;
  }

  /**
   * Focus to the note of the current activity (for a keyboard shortcut).
   * Resolves `false` when there is no activity to write a note on.
   */
  async focusNote(): Promise<boolean> {
    await this.updateComplete;
    const note = this.renderRoot.querySelector<HTMLTextAreaElement>('#note');
    note?.focus();
    return note !== null;
  }

  /** "Move to…" for the activity selected in the journey (issue #19; for a keyboard shortcut). `false` when none is selected. */
  openMove(): boolean {
    return this.renderRoot.querySelector<MoveDialog>('cc-move-dialog')?.requestOpen() ?? false;
  }

  /** Focus back to Close when the work area `key` is still the one shown. Returns `false` when it is not. */
  focusClose(key: string): boolean {
    const close = this.workspace?.key === key ? this.renderRoot.querySelector<HTMLButtonElement>('[part=header] .close') : null;
    close?.focus();
    return close !== null;
  }

  /** Opens the customer form (as the customer's name does, R5.1) and puts focus in it: its Edit button, or the Create form's first field. `false` with no customer shown. */
  async openForm(): Promise<boolean> {
    if (!this.workspace) return false;
    this.formOpen = true;
    const form = await this.renderedForm();
    form?.focus();
    return form !== null;
  }

  /** The customer form once it (and this element) have rendered the current state. */
  private async renderedForm(): Promise<CustomerForm | null> {
    await this.updateComplete;
    const form = this.renderRoot.querySelector<CustomerForm>('customer-form');
    if (form) await form.updateComplete;
    return form;
  }

  /** Edit (R5.3): the form's fields replace its Edit button, and focus goes to the first field (the name). */
  private async onCustomerEdit(): Promise<void> {
    const active = deepActive();
    this.formOpener =
      active instanceof HTMLElement && active !== document.body
        ? { element: active, inForm: (active.getRootNode() as ShadowRoot).host?.localName === 'customer-form' }
        : null;
    this.formMode = 'edit';
    const form = await this.renderedForm();
    if (form && this.formMode === 'edit' && focusLost(this)) form.focus();
  }

  /** The customer's name opens and closes the read-only form (R5.1). */
  private toggleForm(): void {
    this.formOpen = !this.formOpen;
    this.formMode = 'view';
  }

  /** Cancel: the customer's input goes back to the saved record, and the form to the read-only view. */
  private onCustomerCancel(w: Workspace): void {
    if (w.customer) {
      const { name, lastName, phones, emails, chatIds, address, fields } = w.customer;
      emit(this, 'cc-work-edit', { key: w.key, kind: 'customer', changes: { name, ...(lastName ? { lastName } : {}), phones, emails, chatIds, address, fields } });
    }
    void this.closeForm();
  }

  /** The activity of this interaction: its note (R2.3 applies) and its tags, each marked when not saved. */
  private renderActivity(w: Workspace, draft: ActivityData) {
    const key = w.key;
    const unsaved = this.changes.activity;
    const tagsUnsaved = unsaved.includes('tags');
    return html`<section class="activity" part="activity" aria-label=${msg('This interaction')}>
      ${textField({
        id: 'note',
        part: 'note-input',
        label: msg('Note'),
        value: draft.notes,
        locale: this.agent.value.locale,
        multiline: true,
        rows: 2,
        unsaved: unsaved.includes('notes'),
        error: draft.notes.length > MAX_TEXT ? tooLongText(this.agent.value.locale) : undefined,
        onInput: (e: Event) => emit(this, 'cc-work-edit', { key, kind: 'activity', changes: { notes: (e.target as HTMLTextAreaElement).value } }),
      })}
      <div class="tags">
        <tag-input
          part="tag-input"
          .tags=${draft.tags}
          @cc-tags-change=${(e: CustomEvent<TagsChangeDetail>) => emit(this, 'cc-work-edit', { key, kind: 'activity', changes: { tags: e.detail.tags } })}
        ></tag-input>
        ${tagsUnsaved ? html`<span class="unsaved-mark tags-unsaved" part="unsaved-mark">${msg('Tags not saved')}</span>` : nothing}
      </div>
    </section>`;
  }

  private renderWorkspace(w: Workspace) {
    const key = w.key;
    const created = w.customer !== null;
    const name = fullName(w.customerDraft) || (w.customer ? recordName(w.customer, fullName(w.customer)) : '') || customerLabel(w.customerDraft);
    const showForm = !created || this.formOpen;
    const count = this.changes.customer.length + this.changes.request.length + this.changes.activity.length;
    return html`
      <section part="workspace" class="workspace" aria-label=${msg(str`Working on ${name}`)}>
        <header part="header" class="header">
          <button
            class="customer-name"
            aria-expanded=${showForm ? 'true' : 'false'}
            aria-controls="customer-form"
            @click=${this.toggleForm}
            ?disabled=${!created}
          >${name}</button>
          ${w.interaction
            ? html`<span class="badge">${channelLabel(w.interaction.channel)}${w.interaction.ended ? html` · ${msg('Ended')}` : nothing}</span>`
            : nothing}
          ${this.presence.length ? html`<cc-presence-badge part="presence" .agents=${this.presence}></cc-presence-badge>` : nothing}
          <span class="spacer"></span>
          ${count > 0 ? html`<span part="unsaved-count" class="unsaved-count">${unsavedText(count, this.agent.value.locale)}</span>` : nothing}
          ${created && !this.dirty && this.saved ? html`<span part="saved" class="muted small">${msg('Saved')}</span>` : nothing}
          ${created && this.dirty && this.presenceWarning.length ? html`<span part="presence-warning" class="presence-warning small" role="status">${editingAfterText(this.presenceWarning)}</span>` : nothing}
          ${created ? html`<button class="primary" ?disabled=${!this.dirty || w.busy} @click=${() => emit(this, 'cc-work-save', { key })}>${msg('Save')}</button>` : nothing}
          <button class="close" @click=${() => emit(this, 'cc-work-close', { key })}>${msg('Close')}</button>
        </header>
        ${!created ? html`<p class="info" role="note">${msg('No customer matches this contact. Fill in the form and choose Create, or Close to leave without creating one.')}</p>` : nothing}
        <cc-request-added part="request-added" .request=${this.newRequestFrom} .key=${key} .busy=${w.busy}></cc-request-added>
        ${this.notice ? html`<p class="notice" role="alert">${this.notice}</p>` : nothing}
        ${renderDamage(this, key, this.damaged)}
        ${renderCautions(this, w)}
        ${showForm
          ? html`<customer-form
              id="customer-form"
              part="customer-form"
              exportparts="name-input: customer-form-name-input, last-name-input: customer-form-last-name-input, address-input: customer-form-address-input"
              .customer=${w.customerDraft}
              .saved=${w.customer}
              .unsaved=${this.changes.customer}
              mode=${created ? this.formMode : 'create'}
              @cc-customer-input=${(e: CustomEvent<{ data: CustomerData }>) => emit(this, 'cc-work-edit', { key, kind: 'customer', changes: e.detail.data })}
              @cc-customer-create=${(e: CustomEvent<{ data: CustomerData }>) => emit(this, 'cc-work-create', { key, data: e.detail.data })}
              @cc-customer-save=${(e: CustomEvent<{ data: CustomerData }>) => emit(this, 'cc-work-save', { key, customer: e.detail.data })}
              @cc-customer-edit=${this.onCustomerEdit}
              @cc-customer-cancel=${() => this.onCustomerCancel(w)}
              @cc-customer-merge=${this.openMerge}
            ></customer-form>`
          : nothing}
        ${created
          ? html`<cc-merge-note part="merge-note" .done=${this.mergeDone} .running=${this.mergeRunning}></cc-merge-note>
              <cc-merge-dialog part="merge-dialog" .customer=${w.customer}></cc-merge-dialog>`
          : html`<cc-duplicate-list part="duplicates" .duplicates=${this.duplicates}></cc-duplicate-list>`}
        ${w.requestDraft
          ? html`<request-editor
              part="request-editor"
              exportparts="title-input: request-editor-title-input, description-input: request-editor-description-input, details: request-editor-details"
              .request=${{ ...w.requestDraft, ...(w.request ? { createdAt: w.request.createdAt } : {}) }}
              .unsaved=${this.changes.request}
              @cc-request-input=${(e: CustomEvent<RequestInputDetail>) => emit(this, 'cc-work-edit', { key, kind: 'request', changes: { [e.detail.field]: e.detail.value } })}
              @cc-request-status=${(e: CustomEvent<RequestStatusDetail>) => emit(this, 'cc-work-edit', { key, kind: 'request', changes: { status: e.detail.status } })}
            ></request-editor>`
          : nothing}
        ${w.activityDraft ? this.renderActivity(w, w.activityDraft) : nothing}
        ${created ? html`<cc-history-chart part="history" .counts=${w.history?.months ?? []}></cc-history-chart>` : nothing}
        ${created ? html`<cc-move-dialog part="move" .key=${key} .activity=${selectedActivity(w.journey, this.selectedEntryId)}></cc-move-dialog>` : nothing}
        <journey-view
          part="journey"
          .entries=${journeyWithDraft(w)}
          .currentInteractionId=${w.interaction?.interactionId ?? null}
          .phone=${w.customerDraft.phones[0] ?? w.interaction?.from.phone ?? ''}
          .selectedId=${this.selectedEntryId}
          .hasMore=${w.journeyHasMore}
          ?time-frame=${created}
          .period=${w.journeyPeriod ?? 'all'}
          @cc-journey-period=${(e: CustomEvent<JourneyPeriodDetail>) => emit(this, 'cc-work-period', { key, period: e.detail.period })}
          @cc-journey-select=${(e: CustomEvent<{ entry: JourneyEntry }>) => (this.selectedEntryId = e.detail.entry.id)}
          @cc-journey-more=${() => emit(this, 'cc-work-more', { key })}
        ></journey-view>
      </section>
    `;
  }

  protected override render() {
    const w = this.workspace;
    // Keyed: each customer's work area is its own DOM, so nothing half-typed (a tag, an open panel) carries over.
    return w
      ? keyed(w.key, this.renderWorkspace(w))
      : html`<section part="workspace" class="workspace empty-workspace">
          ${this.notice ? html`<p class="notice" role="alert">${this.notice}</p>` : nothing}
          <p class="muted">${this.care ? msg('Select a task in the Queue to see it before you accept it.') : msg('Take a call, chat or email, or reopen a customer from Recent or Search.')}</p>
        </section>`;
  }
}
