import type { ClosedDetail, ErrorDetail, SavedDetail } from '../../model/index.js';

export type { ClosedDetail, ErrorDetail, SavedDetail };

declare global {
  interface GlobalEventHandlersEventMap {
    'cc-saved': CustomEvent<SavedDetail>;
    'cc-closed': CustomEvent<ClosedDetail>;
    'cc-error': CustomEvent<ErrorDetail>;
  }
}
