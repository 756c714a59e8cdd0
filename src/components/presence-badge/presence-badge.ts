import { LitElement, html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { plural } from '../shared/plural.js';
import { tokens } from '../shared/tokens.styles.js';
import { styles } from './presence-badge.styles.js';

/** What another agent is doing with the customer. */
export type PresenceBadgeDoing = 'viewing' | 'editing-customer' | 'editing-request' | 'editing-activity';

/** One other agent, as the badge shows them (the session's `OtherAgent` fits). */
export interface PresenceBadgeAgent {
  agentId: string;
  /** Shown as text, never as HTML. */
  name: string;
  doing: PresenceBadgeDoing;
  /** Since when (ISO). */
  since: string;
}

const RANK: Record<PresenceBadgeDoing, number> = { 'editing-request': 0, 'editing-activity': 1, 'editing-customer': 2, viewing: 3 };

/** "Ana is viewing", "Ana is editing the request". */
export function presenceSentence(name: string, doing: PresenceBadgeDoing): string {
  switch (doing) {
    case 'editing-customer':
      return msg(str`${name} is editing the customer`);
    case 'editing-request':
      return msg(str`${name} is editing the request`);
    case 'editing-activity':
      return msg(str`${name} is editing the activity`);
    default:
      return msg(str`${name} is viewing`);
  }
}

/**
 * The badge's words for a list of agents: the one who matters most (editing
 * before viewing, then who came first) by name, the rest counted.
 */
export function presenceText(agents: readonly PresenceBadgeAgent[]): string {
  if (!agents.length) return '';
  const lead = leadOf(agents);
  const name = lead.name || lead.agentId;
  const others = agents.length - 1;
  if (others === 0) return presenceSentence(name, lead.doing);
  if (lead.doing === 'viewing') {
    return plural(others, {
      one: () => msg(str`${name} and 1 other are viewing`),
      other: () => msg(str`${name} and ${others} others are viewing`),
    });
  }
  const sentence = presenceSentence(name, lead.doing);
  return plural(others, {
    one: () => msg(str`${sentence}; 1 other is here`),
    other: () => msg(str`${sentence}; ${others} others are here`),
  });
}

/**
 * The warning beside Save (issue #18 item 2): who started editing the same
 * record after this agent did. It warns only: Save still works, and the
 * caution (R4) decides if their save comes first.
 */
export function editingAfterText(agents: readonly PresenceBadgeAgent[]): string {
  if (!agents.length) return '';
  const first = agents[0]!;
  const name = first.name || first.agentId;
  const others = agents.length - 1;
  if (others === 0) return msg(str`${name} started editing this after you. Save still works; if they save first you will see a caution.`);
  return plural(others, {
    one: () => msg(str`${name} and 1 other started editing this after you. Save still works; if they save first you will see a caution.`),
    other: () => msg(str`${name} and ${others} others started editing this after you. Save still works; if they save first you will see a caution.`),
  });
}

function leadOf(agents: readonly PresenceBadgeAgent[]): PresenceBadgeAgent {
  return agents.reduce((a, b) => (RANK[b.doing] < RANK[a.doing] || (RANK[b.doing] === RANK[a.doing] && b.since < a.since) ? b : a));
}

/**
 * Who else has this customer open (issue #18 item 2): "Ana is viewing",
 * "Ana is editing the request", "Ana and 2 others are viewing". It shows what
 * it is given and nothing when the list is empty; it never blocks anything.
 * It fires no event (it only shows) and has no slot.
 *
 * @summary Other agents on the same customer.
 * @tagname cc-presence-badge
 *
 * @csspart badge - The badge (its `data-editing` attribute is set while someone edits).
 *
 * @cssprop --cc-presence-surface - Background of the badge (default `--cc-color-surface-alt`).
 * @cssprop --cc-presence-color - The dot while the others only view (default `--cc-color-accent`).
 * @cssprop --cc-presence-editing-color - The dot while someone edits (default `--cc-color-warning`).
 */
@localized()
export class PresenceBadge extends LitElement {
  static override styles = [tokens, styles];

  /** The other agents on the customer; empty: nothing shows. */
  @property({ attribute: false }) agents: readonly PresenceBadgeAgent[] = [];

  protected override render() {
    if (!this.agents.length) return nothing;
    const editing = this.agents.some((agent) => agent.doing !== 'viewing');
    return html`<span part="badge" class="badge" ?data-editing=${editing}><span class="dot" aria-hidden="true"></span>${presenceText(this.agents)}</span>`;
  }
}
