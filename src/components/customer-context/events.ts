import type { AnyRecord, HostErrorCode } from '../../model/index.js';

/** Detail of `cc-saved`: a record the agent saved (created or updated). */
export interface SavedDetail {
  record: AnyRecord;
}

/** Detail of `cc-closed`: the agent closed their work on a customer (R6.1). */
export interface ClosedDetail {
  customerId: string | null;
  interactionId: string | null;
  /** True when the customer was created as part of closing. */
  created: boolean;
}

/** Detail of `cc-error`: a host event was refused, or the store failed. */
export interface ErrorDetail {
  code: HostErrorCode;
  message: string;
  field?: string | undefined;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cc-saved': CustomEvent<SavedDetail>;
    'cc-closed': CustomEvent<ClosedDetail>;
    'cc-error': CustomEvent<ErrorDetail>;
  }
}
