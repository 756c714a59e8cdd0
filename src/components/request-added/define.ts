import { define } from '../shared/define.js';
import { RequestAdded } from './request-added.js';

export { RequestAdded } from './request-added.js';
export type { NewRequestDetail, NewRequestEvent } from './request-added.js';

define('cc-request-added', RequestAdded);

declare global {
  interface HTMLElementTagNameMap {
    'cc-request-added': RequestAdded;
  }
}
