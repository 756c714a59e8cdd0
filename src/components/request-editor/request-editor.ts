import { LitElement, html, nothing, svg, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { localized, msg } from '@lit/localize';
import { MAX_TEXT } from '../../model/limits.js';
import type { RequestData } from '../../model/records.js';
import { AgentController } from '../shared/controllers/agent.js';
import { detailsStyles } from '../shared/details.styles.js';
import { emit } from '../shared/emit.js';
import { fieldLabel, requestStatusLabel } from '../shared/labels.js';
import { textField, textFieldStyles, tooLongText } from '../shared/text-field.js';
import { tokens } from '../shared/tokens.styles.js';
import { styles } from './request-editor.styles.js';

/** A request as the editor shows it: `createdAt` is absent while the request is not saved yet. */
export type RequestView = RequestData & { createdAt?: string };

/** The text fields of a request the agent types into (R2.1, R2.2). */
export type RequestField = 'title' | 'description';

export type RequestStatus = RequestData['status'];

/** Detail of `cc-request-input`: the field typed into and its whole new value. */
export interface RequestInputDetail {
  field: RequestField;
  value: string;
}

/** Detail of `cc-request-status`: the status the agent asked for. */
export interface RequestStatusDetail {
  status: RequestStatus;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cc-request-input': CustomEvent<RequestInputDetail>;
    'cc-request-status': CustomEvent<RequestStatusDetail>;
  }
}

const requestIcon = svg`<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
  <path d="M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8z" />
  <path d="M14 3v5h5M9 13h6M9 17h4" />
</svg>`;

/**
 * Edits one request: its title and description (each at most 2,000
 * characters, with the characters left shown), and shows its details
 * (status, created and closed dates in the agent's locale and time zone)
 * behind the request icon. The request is controlled: the element reports
 * what the agent types and the parent sets `request` back.
 *
 * @summary The request of the current interaction: title, description, status and dates (R2).
 * @tagname request-editor
 *
 * @fires {CustomEvent<RequestInputDetail>} cc-request-input - The agent typed in the title or the description.
 * @fires {CustomEvent<RequestStatusDetail>} cc-request-status - The agent asked to close or reopen the request. Cancelable: `preventDefault()` refuses it.
 *
 * @csspart details-toggle - The request icon button that shows or hides the details.
 * @csspart details - The details panel (status, created, closed).
 * @csspart status-button - The Close request / Reopen request button.
 * @csspart title-input - The title `<input>`.
 * @csspart description-input - The description `<textarea>`.
 * @csspart unsaved-mark - "Unsaved" beside a field (or "Status not saved" beside the status button) whose value is not saved yet.
 *
 * @cssprop --cc-color-warning - Text and border of the "Unsaved" markers.
 * @cssprop --cc-color-warning-surface - Background of the "Unsaved" markers.
 *
 * @cssprop --cc-color-text - Text colour.
 * @cssprop --cc-color-muted - Colour of the counters and secondary text.
 * @cssprop --cc-color-surface - Background of fields and buttons.
 * @cssprop --cc-color-surface-alt - Background of the details panel.
 * @cssprop --cc-color-border - Border colour.
 * @cssprop --cc-color-accent - Accent colour (expanded icon, primary button).
 * @cssprop --cc-color-danger - Colour of refusal messages and invalid fields.
 * @cssprop --cc-color-focus - Focus ring colour.
 * @cssprop --cc-space - Base spacing unit.
 * @cssprop --cc-radius - Corner radius.
 * @cssprop --cc-font - Font family.
 * @cssprop --cc-font-size - Base font size.
 */
@localized()
export class RequestEditor extends LitElement {
  static override styles = [tokens, textFieldStyles, detailsStyles, styles];

  /** The agent's locale and time zone, when a `<customer-context>` provides them; else the browser's. */
  private readonly _agent = new AgentController(this);

  @query('#details-toggle') private _toggle!: HTMLButtonElement;

  @state() private _title = '';
  @state() private _description = '';
  @state() private _status: RequestStatus = 'open';
  @state() private _closedAt: string | null = null;
  @state() private _expanded = false;

  /** The request shown; `null` shows an empty state. Setting it never fires an event. */
  @property({ attribute: false }) request: RequestView | null = null;

  /**
   * The fields whose value is not saved yet (`title`, `description`, `status`):
   * each is marked "Unsaved" in words. The parent says which (it knows what is saved).
   */
  @property({ attribute: false }) unsaved: readonly string[] = [];

  /** Makes the fields and the status button unavailable (the details stay viewable). */
  @property({ type: Boolean, reflect: true }) disabled = false;

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('request')) {
      const request = this.request;
      this._title = request?.title ?? '';
      this._description = request?.description ?? '';
      this._status = request?.status ?? 'open';
      this._closedAt = request?.closedAt ?? null;
    }
  }

  private _onTitleInput(event: Event): void {
    const value = (event.target as HTMLInputElement).value;
    this._title = value;
    emit(this, 'cc-request-input', { field: 'title', value });
  }

  private _onDescriptionInput(event: Event): void {
    const value = (event.target as HTMLTextAreaElement).value;
    this._description = value;
    emit(this, 'cc-request-input', { field: 'description', value });
  }

  private _onToggleClick(): void {
    this._expanded = !this._expanded;
  }

  private _onDetailsKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Escape' || !this._expanded) return;
    event.preventDefault();
    event.stopPropagation();
    this._expanded = false;
    this._toggle.focus();
  }

  private _onStatusClick(): void {
    const status: RequestStatus = this._status === 'open' ? 'closed' : 'open';
    if (!emit(this, 'cc-request-status', { status }, { cancelable: true })) return;
    this._status = status;
    this._closedAt = status === 'closed' ? new Date().toISOString() : null;
  }

  private _renderDetails() {
    const createdAt = this.request?.createdAt;
    const closed = this._status === 'closed';
    return html`<div id="details" class="details" part="details" ?hidden=${!this._expanded}>
      <dl>
        <dt>${fieldLabel('status')}</dt>
        <dd>${requestStatusLabel(closed ? 'closed' : 'open')}</dd>
        <dt>${msg('Created')}</dt>
        <dd>
          ${createdAt
            ? html`<time datetime=${createdAt}>${this._agent.formatDateTime(createdAt)}</time>`
            : msg('Not saved yet')}
        </dd>
        ${closed
          ? html`<dt>${msg('Closed')}</dt>
              <dd>
                ${this._closedAt
                  ? html`<time datetime=${this._closedAt}>${this._agent.formatDateTime(this._closedAt)}</time>`
                  : msg('Not saved yet')}
              </dd>`
          : nothing}
      </dl>
    </div>`;
  }

  override render() {
    if (!this.request) return html`<p class="muted">${msg('No request')}</p>`;
    const locale = this._agent.value.locale;
    const closed = this._status === 'closed';
    return html`
      <div class="bar" @keydown=${this._onDetailsKeydown}>
        <button
          id="details-toggle"
          class="icon"
          part="details-toggle"
          type="button"
          aria-label=${msg('Request details')}
          aria-expanded=${this._expanded ? 'true' : 'false'}
          aria-controls="details"
          @click=${this._onToggleClick}
        >
          ${requestIcon}
        </button>
        <span class="spacer"></span>
        ${this.unsaved.includes('status')
          ? html`<span id="status-unsaved" class="unsaved-mark" part="unsaved-mark">${msg('Status not saved')}</span>`
          : nothing}
        <button
          part="status-button"
          type="button"
          aria-describedby=${ifDefined(this.unsaved.includes('status') ? 'status-unsaved' : undefined)}
          ?disabled=${this.disabled}
          @click=${this._onStatusClick}
        >
          ${closed ? msg('Reopen request') : msg('Close request')}
        </button>
      </div>
      <div @keydown=${this._onDetailsKeydown}>${this._renderDetails()}</div>
      ${textField({
        id: 'title',
        part: 'title-input',
        label: fieldLabel('title'),
        value: this._title,
        locale,
        disabled: this.disabled,
        unsaved: this.unsaved.includes('title'),
        error: this._title.length > MAX_TEXT ? tooLongText(locale) : undefined,
        onInput: this._onTitleInput,
      })}
      ${textField({
        id: 'description',
        part: 'description-input',
        label: fieldLabel('description'),
        value: this._description,
        locale,
        multiline: true,
        disabled: this.disabled,
        unsaved: this.unsaved.includes('description'),
        error: this._description.length > MAX_TEXT ? tooLongText(locale) : undefined,
        onInput: this._onDescriptionInput,
      })}
    `;
  }
}
