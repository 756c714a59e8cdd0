import { define } from '../shared/define.js';
import { RequestEditor } from './request-editor.js';

export { RequestEditor } from './request-editor.js';
export type { RequestView, RequestField, RequestStatus, RequestInputDetail, RequestStatusDetail } from './request-editor.js';

define('request-editor', RequestEditor);

declare global {
  interface HTMLElementTagNameMap {
    'request-editor': RequestEditor;
  }
}
