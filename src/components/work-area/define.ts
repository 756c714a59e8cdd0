import { define } from '../shared/define.js';
import { WorkArea } from './work-area.js';

export { WorkArea } from './work-area.js';
export type { WorkChooseDetail, WorkCreateDetail, WorkEditDetail, WorkKeyDetail, WorkLoadDetail, WorkSaveDetail } from './work-area.js';

define('cc-work-area', WorkArea);

declare global {
  interface HTMLElementTagNameMap {
    'cc-work-area': WorkArea;
  }
}
