import type { Backoff } from '../backoff.js';

/**
 * What the outbox is doing, for the gadget's status line:
 * - `online`: nothing waiting, the backend answered last time;
 * - `offline`: the backend is unreachable; `pending` writes wait (0 when only a read failed);
 * - `delivering`: sending the waiting writes, oldest first;
 * - `signed-out`: the backend refused the sign-in (401, `StorageError('denied')`): `pending`
 *   writes wait for new credentials (`Backend.setHeaders`) or a `flush()`, not retried before.
 *
 * `pending` counts the writes the current agent's delivery sends (`setAgent`);
 * `waitingForOthers`, present when some wait, the writes of other agents that
 * wait until their agent is back (issue #21): they are in no state's `pending`.
 */
export type OutboxStatus =
  | { state: 'online'; pending: 0; waitingForOthers?: number }
  | { state: 'offline'; pending: number; waitingForOthers?: number }
  | { state: 'delivering'; pending: number; waitingForOthers?: number }
  | { state: 'signed-out'; pending: number; waitingForOthers?: number };

export interface OutboxOptions {
  /** IndexedDB database holding the queue. Instances on the same name share it (tabs, reloads). Default `customer-context-outbox`. */
  name?: string;
  /** Wait between delivery attempts while the backend is unreachable. Default 1 s doubling to 30 s. */
  backoff?: Backoff;
  /** Clock, for tests. */
  now?: () => Date;
  /** Close the wrapped store with the outbox. Default true. */
  closeStore?: boolean;
}
