import { define } from '../shared/define.js';
import { DuplicateList } from './duplicate-list.js';

export { DuplicateList, duplicateReasonText } from './duplicate-list.js';
export type { DuplicateUseDetail } from './duplicate-list.js';

define('cc-duplicate-list', DuplicateList);

declare global {
  interface HTMLElementTagNameMap {
    'cc-duplicate-list': DuplicateList;
  }
}
