import { define } from '../shared/define.js';
import { CloseDialog } from './close-dialog.js';

export { CloseDialog } from './close-dialog.js';
export type { CloseChoiceDetail, CloseChoiceEvent, CloseDialogQuestion } from './close-dialog.js';

define('cc-close-dialog', CloseDialog);

declare global {
  interface HTMLElementTagNameMap {
    'cc-close-dialog': CloseDialog;
  }
}
