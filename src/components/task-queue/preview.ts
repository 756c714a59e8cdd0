// The preview of a queued task (R9.2), as <task-queue> renders it: a panel beside or over the agent's work, never instead of it.
import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import type { AcceptRefusal, Task } from '../../session/agent-state.js';
import type { TaskPreview } from '../../session/session.js';
import { fullName } from '../../model/index.js';
import { channelLabel, customerNameLabel, fieldLabel, requestStatusLabel } from '../shared/labels.js';
import type { JourneySelectEvent } from '../journey-view/journey-view.js';
import '../journey-view/define.js';
import { breakable, refusalText, requestTitle, taskName } from './tasks.js';

/** What the preview shows and where it reports to (the `<task-queue>` that renders it). */
export interface PreviewView {
  task: Task;
  /** What is known about it (null while being read). */
  preview: TaskPreview | null;
  refusal: AcceptRefusal | null;
  /** The countdown ("Accept within N s"), or `nothing`. */
  countdown: TemplateResult | typeof nothing;
  hasCountdown: boolean;
  /** The agent chose a new request instead of the one R2.5 picks. */
  newRequest: boolean;
  selectedEntryId: string | null;
  formatDateTime(iso: string): string;
  onAccept(): void;
  onClose(): void;
  onKeydown(event: KeyboardEvent): void;
  onChoose(newRequest: boolean): void;
  onEntrySelect(event: JourneySelectEvent): void;
  onMore(event: Event): void;
}

function field(label: string, value: string | undefined | null) {
  return value ? html`<dt>${label}</dt><dd><bdi>${value}</bdi></dd>` : nothing;
}

/**
 * Email addresses, chat ids and contact points: one a line, never broken
 * inside a word. One too long for the card ends in an ellipsis; the whole of
 * it shows on hover (`title`) and on keyboard focus (it wraps then, at
 * `@` and dots first), and a screen reader reads it whole.
 */
function addresses(label: string, values: readonly (string | undefined)[]) {
  const shown = values.filter((v): v is string => !!v);
  if (!shown.length) return nothing;
  // No white space between the tags: the <dd> keeps it (pre-wrap).
  const item = (value: string) => html`<li><span class="address" dir="ltr" tabindex="0" title=${value}>${breakable(value)}</span></li>`;
  return html`<dt>${label}</dt><dd><ul class="addresses" role="list">${shown.map(item)}</ul></dd>`;
}

/**
 * R2.5 with a choice, before Accept: the open request the contact goes into
 * (title or "(untitled request)", and when it was opened), or a new request
 * instead; a new request when none is open. Nothing until the preview is read.
 */
function goesInto(v: PreviewView) {
  const { preview } = v;
  if (!preview) return nothing;
  const request = preview.customer ? preview.request : null;
  if (!request) return html`<p part="goes-into" class="goes-into">${msg('Goes into a new request.')}</p>`;
  return html`<fieldset part="goes-into" class="goes-into">
    <legend>${msg('Goes into')}</legend>
    <label>
      <input type="radio" name="goes-into" value="request" .checked=${!v.newRequest} @change=${() => v.onChoose(false)} />
      <span><bdi>${requestTitle(request)}</bdi> <span class="muted small">${msg(str`opened ${v.formatDateTime(request.openedAt)}`)}</span></span>
    </label>
    <label>
      <input type="radio" name="goes-into" value="new" .checked=${v.newRequest} @change=${() => v.onChoose(true)} />
      <span>${msg('New request instead')}</span>
    </label>
  </fieldset>`;
}

export function renderPreview(v: PreviewView) {
  const { task, preview, refusal } = v;
  const customer = preview?.customer ?? null;
  const request = preview?.request ?? null;
  const activity = preview?.activity ?? null;
  const name = taskName(task);
  const from = [task.from.phone, task.from.email, task.from.chatId];
  return html`<section part="preview" class="preview" aria-labelledby="preview-heading" @keydown=${v.onKeydown}>
    <header class="preview-header">
      <h2 id="preview-heading">${msg(str`Preview: ${name}`)}</h2>
      <span class="badge">${channelLabel(task.channel)}</span>
      <span class="spacer"></span>
      <button part="preview-close" class="preview-close" @click=${v.onClose}>${msg('Close preview')}</button>
    </header>
    ${goesInto(v)}
    <div class="accept-bar">
      <button
        part="accept-button"
        id="accept"
        class="primary"
        aria-disabled=${refusal ? 'true' : 'false'}
        aria-describedby="accept-note"
        @click=${v.onAccept}
      >${msg('Accept')}</button>
      <span id="accept-note">
        ${refusal ? html`<span class="warn">${refusalText(refusal)}</span>` : v.hasCountdown ? v.countdown : msg('Nothing changes until you accept.')}
      </span>
    </div>
    <div class="cards">
      <section class="card" aria-labelledby="pv-customer">
        <h3 id="pv-customer">${msg('Customer')}</h3>
        ${customer
          ? html`<dl>
              ${field(customerNameLabel(), fullName(customer))}
              ${field(fieldLabel('phones'), customer.phones.join(', '))}
              ${addresses(fieldLabel('emails'), customer.emails)}
              ${addresses(fieldLabel('chatIds'), customer.chatIds)}
              ${field(fieldLabel('address'), customer.address)}
              ${Object.entries(customer.fields).map(([label, value]) => field(label, value))}
            </dl>`
          : html`${preview ? html`<p>${msg('No customer matches this contact. After Accept you can create one.')}</p>` : nothing}
              <dl>
                ${field(customerNameLabel(), task.from.name)}
                ${addresses(msg('Contact'), from)}
              </dl>`}
      </section>
      <section class="card" aria-labelledby="pv-request">
        <h3 id="pv-request">${msg('Request')}</h3>
        ${request
          ? html`<dl>
              ${field(fieldLabel('title'), request.title || msg('(no title)'))}
              ${field(fieldLabel('status'), requestStatusLabel(request.status))}
              <dt>${msg('Opened')}</dt><dd><time datetime=${request.openedAt}>${v.formatDateTime(request.openedAt)}</time></dd>
              ${field(fieldLabel('description'), request.description)}
            </dl>`
          : html`<p>${preview ? msg('No open request: Accept creates a new one.') : msg('Not known yet.')}</p>`}
      </section>
      <section class="card" aria-labelledby="pv-activity">
        <h3 id="pv-activity">${msg('Activity')}</h3>
        <dl>
          ${field(msg('Channel'), channelLabel(task.channel))}
          ${addresses(msg('From'), from)}
          ${field(fieldLabel('subject'), activity?.subject || task.subject)}
          <dt>${msg('Received')}</dt><dd><time datetime=${task.at}>${v.formatDateTime(task.at)}</time></dd>
          ${field(fieldLabel('tags'), activity?.tags.join(', '))}
        </dl>
      </section>
    </div>
    ${customer && preview
      ? html`<journey-view
          part="journey"
          .entries=${preview.journey}
          .selectedId=${v.selectedEntryId}
          .hasMore=${preview.journeyHasMore}
          .label=${msg(str`Journey of ${fullName(customer) || name}`)}
          @cc-journey-select=${v.onEntrySelect}
          @cc-journey-more=${v.onMore}
        ></journey-view>`
      : nothing}
  </section>`;
}
