import { define } from '../shared/define.js';
import { MoveDialog } from './move-dialog.js';

export { MoveDialog, activityLabel, selectedActivity } from './move-dialog.js';
export type {
  MoveCancelDetail,
  MoveOpenDetail,
  MoveConfirmDetail,
  MoveCustomerDetail,
  MoveCustomerRequests,
  MoveSearchDetail,
  MoveSearchResults,
} from './move-dialog.js';

define('cc-move-dialog', MoveDialog);

declare global {
  interface HTMLElementTagNameMap {
    'cc-move-dialog': MoveDialog;
  }
}
