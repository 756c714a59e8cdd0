import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { localized, msg, str } from '@lit/localize';
import { ValidationError } from '../../model/errors.js';
import { MAX_ITEMS } from '../../model/limits.js';
import { emptyCustomer, fullName, sameData, validateData, type CustomerData } from '../../model/records.js';
import { AgentController } from '../shared/controllers/agent.js';
import { detailsStyles } from '../shared/details.styles.js';
import { emit } from '../shared/emit.js';
import { fieldLabel } from '../shared/labels.js';
import { formatCount } from '../shared/locale-format.js';
import { textField, textFieldStyles } from '../shared/text-field.js';
import { tokens } from '../shared/tokens.styles.js';
import { styles } from './customer-form.styles.js';
import { LIST_FIELDS, ROW_INPUT, describeRefusal, isBehindMore, rowsToFields, splitList, type FreeRow, type ListField } from './form-fields.js';

/** `create`: a new customer (R5.2); `view`: read-only with Edit; `edit`: Save or Cancel (R5.3). */
export type CustomerFormMode = 'create' | 'view' | 'edit';

/** Detail of `cc-customer-input`, `cc-customer-create` and `cc-customer-save`: the whole form data. */
export interface CustomerDataDetail {
  data: CustomerData;
}

/** Detail of `cc-customer-edit` and `cc-customer-cancel`: nothing. */
export type CustomerFormEmptyDetail = Record<string, never>;

declare global {
  interface GlobalEventHandlersEventMap {
    'cc-customer-input': CustomEvent<CustomerDataDetail>;
    'cc-customer-create': CustomEvent<CustomerDataDetail>;
    'cc-customer-save': CustomEvent<CustomerDataDetail>;
    'cc-customer-edit': CustomEvent<CustomerFormEmptyDetail>;
    'cc-customer-cancel': CustomEvent<CustomerFormEmptyDetail>;
    'cc-customer-merge': CustomEvent<CustomerFormEmptyDetail>;
  }
}

/**
 * The customer information form (R5): first and last name (either is
 * enough; a contact's name is split by `customerFromContact`), phones, emails and chat ids
 * (comma-separated lists), address and free-form label/value fields, each
 * text at most 2,000 characters. In `create` mode (a new customer) Name,
 * Phone and Email come first and the rest waits behind **More fields** (a
 * disclosure that opens by itself when a field behind it has a value or a
 * refusal); it offers **Create**, in
 * `view` mode it shows the values read-only with **Edit**, in `edit` mode
 * **Save** and **Cancel**. Create and Save validate with the model first; a
 * refused value is marked on its field and nothing is fired. The customer is
 * controlled: the element reports and the parent decides (it sets `mode`).
 *
 * @summary Create, view and edit a customer (R5).
 * @tagname customer-form
 *
 * @fires {CustomEvent<CustomerDataDetail>} cc-customer-input - The agent changed a field; `data` is the whole current form data.
 * @fires {CustomEvent<CustomerDataDetail>} cc-customer-create - The agent clicked Create (or pressed Enter) and the data passed the model check.
 * @fires {CustomEvent<CustomerDataDetail>} cc-customer-save - The agent clicked Save (or pressed Enter) and the data passed the model check.
 * @fires {CustomEvent<CustomerFormEmptyDetail>} cc-customer-edit - The agent clicked Edit in `view` mode; the parent sets `mode = 'edit'`.
 * @fires {CustomEvent<CustomerFormEmptyDetail>} cc-customer-cancel - The agent clicked Cancel in `edit` mode.
 * @fires {CustomEvent<CustomerFormEmptyDetail>} cc-customer-merge - The agent clicked "Merge with…" in `view` mode (issue #19); the parent opens the merge dialog.
 *
 * @csspart heading - The heading (when `heading` is set).
 * @csspart form - The `<form>` (create and edit modes).
 * @csspart details - The read-only list of values (view mode).
 * @csspart name-input - The first name `<input>` (the given name or names).
 * @csspart last-name-input - The last name `<input>` (the family name).
 * @csspart address-input - The address `<textarea>`.
 * @csspart add-field-button - The Add field button.
 * @csspart submit-button - The Create or Save button.
 * @csspart cancel-button - The Cancel button.
 * @csspart edit-button - The Edit button.
 * @csspart merge-button - "Merge with…", beside Edit (view mode).
 * @csspart unsaved-note - The note above the read-only values when some are not saved yet (view mode, with `saved`).
 * @csspart unsaved - The "Not saved" marker beside a value that differs from `saved`.
 * @csspart unsaved-mark - "Unsaved" beside a field (create and edit modes) whose value is in `unsaved`.
 * @csspart more-button - Create mode: "More fields", the disclosure of the chat ids, the address and the free fields.
 * @csspart more-fields - Create mode: the fields behind "More fields".
 *
 * @cssprop --cc-color-text - Text colour.
 * @cssprop --cc-color-muted - Colour of counters, hints and empty values.
 * @cssprop --cc-color-surface - Background of fields and buttons.
 * @cssprop --cc-color-surface-alt - Background of the free-field rows.
 * @cssprop --cc-color-border - Border colour.
 * @cssprop --cc-color-accent - Background of the primary button.
 * @cssprop --cc-color-on-accent - Text of the primary button.
 * @cssprop --cc-color-danger - Colour of refusal messages and invalid fields.
 * @cssprop --cc-color-warning - Text and border of the unsaved markers.
 * @cssprop --cc-color-warning-surface - Background of the unsaved markers.
 * @cssprop --cc-color-focus - Focus ring colour.
 * @cssprop --cc-space - Base spacing unit.
 * @cssprop --cc-radius - Corner radius.
 * @cssprop --cc-font - Font family.
 * @cssprop --cc-font-size - Base font size.
 */
@localized()
export class CustomerForm extends LitElement {
  static override styles = [tokens, textFieldStyles, detailsStyles, styles];

  /** The agent's locale (counters, limits), when a `<customer-context>` provides it; else the browser's. */
  private readonly _agent = new AgentController(this);

  @query('#name') private _nameInput?: HTMLInputElement;
  @query('#edit') private _editButton?: HTMLButtonElement;
  @query('#add-field') private _addFieldButton?: HTMLButtonElement;

  @state() private _name = '';
  @state() private _lastName = '';
  @state() private _lists: Record<ListField, string> = { phones: '', emails: '', chatIds: '' };
  @state() private _address = '';
  @state() private _rows: readonly FreeRow[] = [];
  /** Refusal messages by input id. */
  @state() private _errors: ReadonlyMap<string, string> = new Map();
  /** Create mode: whether the fields behind "More fields" (chat ids, address, free fields) show. */
  @state() private _more = false;
  private _nextRowId = 0;

  /** The customer shown and edited. Setting it never fires an event. */
  @property({ attribute: false }) customer: CustomerData = emptyCustomer();

  /**
   * The customer as last saved, when `customer` may hold input not saved yet.
   * In `view` mode each value that differs from it is marked "Not saved" in
   * text, with the saved value beside it, and a note says that there are
   * unsaved changes. `null`: nothing to compare (every value is shown plain).
   */
  @property({ attribute: false }) saved: CustomerData | null = null;

  /**
   * The fields whose value differs from what is saved (for a new customer:
   * from the contact's details the gadget filled in), as the session names
   * them (`name`, `phones`, `address`, `fields.<label>` …): each is marked
   * "Unsaved" in words in `create` and `edit` modes.
   */
  @property({ attribute: false }) unsaved: readonly string[] = [];

  /** What the form offers: `create`, `view` or `edit`. */
  @property({ reflect: true }) mode: CustomerFormMode = 'create';

  /** Optional heading shown above the form. */
  @property() heading?: string;

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('mode')) this._syncFromCustomer(true);
    else if (changed.has('customer')) this._syncFromCustomer(false);
  }

  private _onFieldInput(event: Event): void {
    const { id, value } = event.target as HTMLInputElement | HTMLTextAreaElement;
    if (id === 'name') this._name = value;
    else if (id === 'lastName') this._lastName = value;
    else if (id === 'address') this._address = value;
    else if ((LIST_FIELDS as readonly string[]).includes(id)) this._lists = { ...this._lists, [id]: value };
    else {
      const match = ROW_INPUT.exec(id);
      if (!match) return;
      const rowId = Number(match[1]);
      const key = match[2] === 'label' ? 'label' : 'value';
      this._rows = this._rows.map((row) => (row.id === rowId ? { ...row, [key]: value } : row));
    }
    if (this._errors.has(id)) {
      const errors = new Map(this._errors);
      errors.delete(id);
      this._errors = errors;
    }
    emit(this, 'cc-customer-input', { data: this._data() });
  }

  private async _onAddField(): Promise<void> {
    const id = this._nextRowId++;
    this._rows = [...this._rows, { id, label: '', value: '' }];
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>(`#row-${id}-label`)?.focus();
  }

  private _onRemoveField(event: Event): void {
    const rowId = Number((event.currentTarget as HTMLButtonElement).dataset['row']);
    const before = this._data();
    this._rows = this._rows.filter((row) => row.id !== rowId);
    const errors = new Map([...this._errors].filter(([key]) => !key.startsWith(`row-${rowId}-`)));
    this._errors = errors;
    this._addFieldButton?.focus();
    const data = this._data();
    if (!sameData(before.fields, data.fields)) emit(this, 'cc-customer-input', { data });
  }

  private async _onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.mode === 'view') return;
    const mode = this.mode;
    const clean = await this._validate();
    if (clean) emit(this, mode === 'create' ? 'cc-customer-create' : 'cc-customer-save', { data: clean });
  }

  /**
   * Checks the input as Create and Save do (a name, labels for free fields,
   * the model's limits): shows each refusal at its field and focuses the
   * first. For a host or a parent that creates by another path (the close
   * dialog's Create, R6.3). Always valid in `view` mode.
   */
  async reportValidity(): Promise<boolean> {
    if (this.mode === 'view') return true;
    if (!this.hasUpdated) await this.updateComplete;
    return (await this._validate()) !== undefined;
  }

  private async _validate(): Promise<CustomerData | undefined> {
    const errors = new Map<string, string>();
    const draft = this._data();
    const lastName = (draft.lastName ?? '').trim();
    const candidate: CustomerData = { ...draft, name: draft.name.trim(), ...(lastName ? { lastName } : {}) };
    if (!lastName) delete candidate.lastName;
    let clean: CustomerData | undefined;
    // A first name, a last name or both (Cisco names a one-word contact by its last name only).
    if (fullName(candidate) === '') errors.set('name', msg('Enter a name'));
    for (const row of this._rows) {
      if (row.label.trim() === '' && row.value.trim() !== '') errors.set(`row-${row.id}-label`, msg('Enter a label'));
    }
    if (errors.size === 0) {
      try {
        clean = validateData('customer', candidate);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        const [inputId, message] = this._describeRefusal(error);
        errors.set(inputId, message);
      }
    }
    if (!clean || errors.size > 0) {
      this._errors = errors;
      if ([...errors.keys()].some(isBehindMore)) this._more = true;
      await this.updateComplete;
      const first = [...this.renderRoot.querySelectorAll<HTMLElement>('[aria-invalid="true"]')][0];
      first?.focus();
      return undefined;
    }
    this._errors = new Map();
    return clean;
  }

  private _onCancel(): void {
    emit(this, 'cc-customer-cancel', {});
  }

  private _onEdit(): void {
    emit(this, 'cc-customer-edit', {});
  }

  /** Focuses the first field (the name), or the Edit button in `view` mode. */
  override focus(options?: FocusOptions): void {
    if (!this.hasUpdated) {
      void this.updateComplete.then(() => this.focus(options));
      return;
    }
    (this.mode === 'view' ? this._editButton : this._nameInput)?.focus(options);
  }

  /** The form data as typed: lists split and trimmed, free rows without a label left out, no last name when it is empty. */
  private _data(): CustomerData {
    return {
      name: this._name,
      ...(this._lastName !== '' ? { lastName: this._lastName } : {}),
      phones: splitList(this._lists.phones),
      emails: splitList(this._lists.emails),
      chatIds: splitList(this._lists.chatIds),
      address: this._address,
      fields: rowsToFields(this._rows),
    };
  }

  /**
   * Takes the values of `customer` into the form. A full sync replaces
   * everything (new mode); otherwise only fields whose value differs from
   * what the agent typed are replaced, so a parent echoing the input back
   * never moves the caret or eats a trailing comma.
   */
  private _syncFromCustomer(full: boolean): void {
    const customer = this.customer;
    const replaced: string[] = [];
    if (full || this._name !== customer.name) {
      this._name = customer.name;
      replaced.push('name');
    }
    if (full || this._lastName !== (customer.lastName ?? '')) {
      this._lastName = customer.lastName ?? '';
      replaced.push('lastName');
    }
    if (full || this._address !== customer.address) {
      this._address = customer.address;
      replaced.push('address');
    }
    const lists = { ...this._lists };
    for (const field of LIST_FIELDS) {
      if (full || !sameData(splitList(lists[field]), customer[field])) {
        lists[field] = customer[field].join(', ');
        replaced.push(field);
      }
    }
    this._lists = lists;
    if (full || !sameData(rowsToFields(this._rows), customer.fields)) {
      this._rows = Object.entries(customer.fields).map(([label, value]) => ({ id: this._nextRowId++, label, value }));
      replaced.push('row-');
    }
    // A value behind "More fields" that comes in (not typed here): the disclosure opens by itself, so nothing is hidden.
    if (full) this._more = false;
    if (replaced.some(isBehindMore) && this._hiddenHasValue()) this._more = true;
    if (full) this._errors = new Map();
    else if (replaced.length > 0) {
      this._errors = new Map([...this._errors].filter(([key]) => !replaced.some((r) => key === r || (r === 'row-' && key.startsWith(r)))));
    }
  }

  /** Whether a field behind "More fields" holds something. */
  private _hiddenHasValue(): boolean {
    return this._lists.chatIds.trim() !== '' || this._address.trim() !== '' || this._rows.length > 0;
  }

  private _onMoreClick(): void {
    this._more = !this._more;
  }

  /** Which input a model refusal is about, and the message to show there. */
  private _describeRefusal(error: ValidationError): [string, string] {
    return describeRefusal(error, this._rows, this._agent.value.locale);
  }

  private _renderView() {
    const customer = this.customer;
    const saved = this.saved;
    const notSetText = msg('Not set');
    const notSet = html`<span class="muted">${notSetText}</span>`;
    const list = (items: readonly string[]) => (items.length > 0 ? html`<bdi>${items.join(', ')}</bdi>` : notSet);
    const text = (value: string) => (value ? html`<bdi>${value}</bdi>` : notSet);
    let unsavedCount = 0;
    /**
     * One value; when it differs from the saved one, marked "Not saved" in words (not only a
     * colour) with the saved value after it, so the agent sees both and what Save would keep.
     */
    const value = (shown: TemplateResult, changed: boolean, was: string, multiline = false) => {
      if (!changed) return html`<dd class=${multiline ? 'multiline' : ''}>${shown}</dd>`;
      unsavedCount++;
      return html`<dd class=${multiline ? 'multiline unsaved-value' : 'unsaved-value'}>
        ${shown} <span class="unsaved" part="unsaved">${msg('Not saved')}</span>
        <span class="was">${msg(str`Saved: ${was || notSetText}`)}</span>
      </dd>`;
    };
    const listValue = (field: ListField) =>
      value(list(customer[field]), saved !== null && !sameData(saved[field], customer[field]), saved?.[field].join(', ') ?? '');
    const removed = saved ? Object.entries(saved.fields).filter(([label]) => !Object.hasOwn(customer.fields, label)) : [];
    const details = html`
      <dl part="details">
        <dt>${fieldLabel('name')}</dt>
        ${value(text(customer.name), saved !== null && saved.name !== customer.name, saved?.name ?? '')}
        <dt>${fieldLabel('lastName')}</dt>
        ${value(text(customer.lastName ?? ''), saved !== null && (saved.lastName ?? '') !== (customer.lastName ?? ''), saved?.lastName ?? '')}
        <dt>${fieldLabel('phones')}</dt>
        ${listValue('phones')}
        <dt>${fieldLabel('emails')}</dt>
        ${listValue('emails')}
        <dt>${fieldLabel('chatIds')}</dt>
        ${listValue('chatIds')}
        <dt>${fieldLabel('address')}</dt>
        ${value(html`${customer.address || notSet}`, saved !== null && saved.address !== customer.address, saved?.address ?? '', true)}
        ${Object.entries(customer.fields).map(
          ([label, shown]) => html`<dt>${label}</dt>
            ${value(html`${shown || notSet}`, saved !== null && saved.fields[label] !== shown, saved?.fields[label] ?? '', true)}`,
        )}
        ${removed.map(
          ([label, was]) => html`<dt>${label}</dt>
            ${value(html`<span class="muted">${msg('Removed')}</span>`, true, was, true)}`,
        )}
      </dl>
    `;
    return html`
      ${unsavedCount > 0
        ? html`<p class="unsaved-note" part="unsaved-note">${msg('Some changes to this customer are not saved yet: they are marked "Not saved". Save keeps them.')}</p>`
        : nothing}
      ${details}
      <div class="actions">
        <button id="edit" part="edit-button" class="primary" type="button" @click=${this._onEdit}>${msg('Edit')}</button>
        <button id="merge" part="merge-button" type="button" @click=${() => emit(this, 'cc-customer-merge', {})}>${msg('Merge with…')}</button>
      </div>
    `;
  }

  private _renderRow(row: FreeRow, index: number, locale: string) {
    const label = row.label.trim();
    const number = index + 1;
    return html`<div class="row" role="group" aria-label=${msg(str`Field ${number}`)}>
      ${textField({
        id: `row-${row.id}-label`,
        label: msg('Label'),
        value: row.label,
        locale,
        noCounter: true,
        error: this._errors.get(`row-${row.id}-label`),
        onInput: this._onFieldInput,
      })}
      ${textField({
        id: `row-${row.id}-value`,
        label: msg('Value'),
        value: row.value,
        locale,
        unsaved: label !== '' && this.unsaved.includes(`fields.${label}`),
        error: this._errors.get(`row-${row.id}-value`),
        onInput: this._onFieldInput,
      })}
      <button
        class="remove"
        type="button"
        data-row=${row.id}
        aria-label=${label ? msg(str`Remove ${label}`) : msg(str`Remove field ${number}`)}
        @click=${this._onRemoveField}
      >
        <span aria-hidden="true">×</span>
      </button>
    </div>`;
  }

  /** The free fields: a removed one that was saved has no row to mark, so the group says it. */
  private _renderFreeFields(locale: string) {
    const labels = new Set(this._rows.map((row) => `fields.${row.label.trim()}`));
    const removed = this.unsaved.some((name) => name.startsWith('fields.') && !labels.has(name));
    return html`<fieldset class="free" aria-describedby=${removed ? 'fields-unsaved' : nothing}>
      <legend>
        ${fieldLabel('fields')}
        ${removed ? html`<span id="fields-unsaved" class="unsaved-mark" part="unsaved-mark">${msg('Unsaved')}</span>` : nothing}
      </legend>
      ${repeat(
        this._rows,
        (row) => row.id,
        (row, index) => this._renderRow(row, index, locale),
      )}
      ${this._rows.length >= MAX_ITEMS
        ? html`<p class="muted">${msg(str`At most ${formatCount(MAX_ITEMS, locale)} items`)}</p>`
        : html`<button id="add-field" part="add-field-button" type="button" @click=${this._onAddField}>${msg('Add field')}</button>`}
    </fieldset>`;
  }

  private _renderForm() {
    const locale = this._agent.value.locale;
    const commas = msg('Separate several with commas');
    const listField = (id: ListField) =>
      textField({
        id,
        label: fieldLabel(id),
        value: this._lists[id],
        locale,
        hint: commas,
        unsaved: this.unsaved.includes(id),
        error: this._errors.get(id),
        onInput: this._onFieldInput,
      });
    const rest = html`${listField('chatIds')}
      ${textField({
        id: 'address',
        part: 'address-input',
        label: fieldLabel('address'),
        value: this._address,
        locale,
        multiline: true,
        unsaved: this.unsaved.includes('address'),
        error: this._errors.get('address'),
        onInput: this._onFieldInput,
      })}
      ${this._renderFreeFields(locale)}`;
    // A new customer (an unknown contact): Name, Phone and Email first, the rest behind "More fields" (issue #18 item 5).
    const create = this.mode === 'create';
    return html`<form part="form" novalidate aria-labelledby=${this.heading ? 'heading' : nothing} @submit=${this._onSubmit}>
      ${textField({
        id: 'name',
        part: 'name-input',
        label: fieldLabel('name'),
        value: this._name,
        locale,
        unsaved: this.unsaved.includes('name'),
        error: this._errors.get('name'),
        onInput: this._onFieldInput,
      })}
      ${textField({
        id: 'lastName',
        part: 'last-name-input',
        label: fieldLabel('lastName'),
        value: this._lastName,
        locale,
        unsaved: this.unsaved.includes('lastName'),
        error: this._errors.get('lastName'),
        onInput: this._onFieldInput,
      })}
      ${listField('phones')} ${listField('emails')}
      ${create
        ? html`<button
              id="more"
              class="more"
              part="more-button"
              type="button"
              aria-expanded=${this._more ? 'true' : 'false'}
              aria-controls="more-fields"
              @click=${this._onMoreClick}
            >
              ${msg('More fields')}
            </button>
            <div id="more-fields" part="more-fields" ?hidden=${!this._more}>${rest}</div>`
        : rest}
      <div class="actions">
        <button part="submit-button" class="primary" type="submit">${create ? msg('Create') : msg('Save')}</button>
        ${this.mode === 'edit'
          ? html`<button part="cancel-button" type="button" @click=${this._onCancel}>${msg('Cancel')}</button>`
          : nothing}
      </div>
    </form>`;
  }

  override render() {
    return html`
      ${this.heading ? html`<h2 id="heading" part="heading">${this.heading}</h2>` : nothing}
      ${this.mode === 'view' ? this._renderView() : this._renderForm()}
    `;
  }
}
