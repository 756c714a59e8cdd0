import { define } from '../shared/define.js';
import { CustomerPane } from './customer-pane.js';

export { CustomerPane } from './customer-pane.js';
export type {
  OpenEntry,
  PaneActivateDetail,
  PaneActivateEvent,
  PaneReopenDetail,
  PaneReopenEvent,
  PaneSearchDetail,
  PaneSearchEvent,
  PaneTab,
  RecentEntry,
  SearchMatch,
  SearchResult,
  SyncStatus,
} from './customer-pane.js';

define('cc-customer-pane', CustomerPane);

declare global {
  interface HTMLElementTagNameMap {
    'cc-customer-pane': CustomerPane;
  }
}
