import { define } from '../shared/define.js';
import { PresenceBadge } from './presence-badge.js';

export { PresenceBadge, editingAfterText, presenceText, presenceSentence } from './presence-badge.js';
export type { PresenceBadgeAgent, PresenceBadgeDoing } from './presence-badge.js';

define('cc-presence-badge', PresenceBadge);

declare global {
  interface HTMLElementTagNameMap {
    'cc-presence-badge': PresenceBadge;
  }
}
