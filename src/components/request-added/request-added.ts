import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import type { Request } from '../../model/index.js';
import { AgentController } from '../shared/controllers/agent.js';
import { emit } from '../shared/emit.js';
import { tokens } from '../shared/tokens.styles.js';
import { requestTitle } from '../task-queue/tasks.js';
import { styles } from './request-added.styles.js';

/** Detail of `cc-new-request`: "Start a new request instead" in the work area `key`. */
export interface NewRequestDetail {
  key: string;
}

export type NewRequestEvent = CustomEvent<NewRequestDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'cc-new-request': NewRequestEvent;
  }
}

/**
 * R2.5 with a choice, once the host accepted the interaction: at the top of
 * the work area, "Added to request <title> (opened <date>)" — the open request
 * R2.5's rule put the current activity into — with **Start a new request
 * instead**. Shown while `request` is set: the owner of the work area sets it
 * while that still applies (nothing saved or typed on that request since:
 * `AgentSession.newRequestOffer`), and moves the activity when the agent asks.
 *
 * @summary "Added to request …" with "Start a new request instead" (R2.5).
 * @tagname cc-request-added
 *
 * @fires {NewRequestEvent} cc-new-request - The agent wants the current activity in a new request instead.
 *
 * @csspart note - The line ("Added to request …" and the button).
 * @csspart new-request-button - "Start a new request instead" (disabled while the work area is busy).
 *
 * @cssprop --cc-color-surface-alt - Background of the line.
 */
@localized()
export class RequestAdded extends LitElement {
  static override styles = [tokens, styles];

  private readonly agent = new AgentController(this);

  /** The open request R2.5 put the current activity into, while it may still move (the session's `newRequestOffer`); null: nothing shows. */
  @property({ attribute: false }) request: Request | null = null;

  /** The work area's key, reported with `cc-new-request`. */
  @property({ attribute: false }) key = '';

  /** The work area is busy (a save or a move under way): the button waits. */
  @property({ attribute: false }) busy = false;

  /** Nothing to say: the element takes no room (a gap in its parent's layout included). */
  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('request')) this.hidden = this.request === null;
  }

  protected override render() {
    const request = this.request;
    if (!request) return nothing;
    const title = requestTitle(request);
    const opened = this.agent.formatDateTime(request.openedAt);
    return html`<p part="note" class="added" role="note">
      <span class="text">${msg(str`Added to request ${title} (opened ${opened}).`)}</span>
      <button part="new-request-button" ?disabled=${this.busy} @click=${() => emit(this, 'cc-new-request', { key: this.key })}>
        ${msg('Start a new request instead')}
      </button>
    </p>`;
  }
}
