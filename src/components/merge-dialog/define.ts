import { define } from '../shared/define.js';
import { MergeDialog } from './merge-dialog.js';
import { MergeNote } from './merge-note.js';

export { MergeDialog } from './merge-dialog.js';
export { MergeNote } from './merge-note.js';
export type { MergeCancelDetail, MergeConfirmDetail, MergeDialogPlan, MergePlanDetail, MergeSearchDetail, MergeSearchResults } from './merge-dialog.js';
export type { MergeUndoDetail } from './merge-note.js';

define('cc-merge-dialog', MergeDialog);
define('cc-merge-note', MergeNote);

declare global {
  interface HTMLElementTagNameMap {
    'cc-merge-dialog': MergeDialog;
    'cc-merge-note': MergeNote;
  }
}
