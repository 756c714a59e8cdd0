import { define } from '../shared/define.js';
import { ShortcutHelp } from './shortcut-help.js';

export { ShortcutHelp } from './shortcut-help.js';

define('cc-shortcut-help', ShortcutHelp);

declare global {
  interface HTMLElementTagNameMap {
    'cc-shortcut-help': ShortcutHelp;
  }
}
