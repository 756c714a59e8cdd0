import type { AnyRecord, InteractionChannel } from './records.js';
import type { HostErrorCode, HostEventError } from './errors.js';

/**
 * What goes out to the host: the result of `receive()` and the detail of
 * every `cc-*` event the gadget fires (and the message bridge mirrors). The
 * host events coming in are in `host-events.ts`. Every layer that talks to a
 * host (the bridges, the session, the elements) takes these from here.
 */

/**
 * What `<customer-context>.receive(event)` returns: never throws, on bad input
 * or on a configuration no backend can be made from (`config-error`).
 */
export type ReceiveResult = { ok: true } | { ok: false; error: HostEventError };

/** The agent's state in Customer Care mode (R9.1). */
export type AgentStateName = 'ready' | 'not-ready';

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

/** Detail of `cc-error`: a host event was refused, the store failed, or the configuration cannot be used (`config-error`, fired once per configuration). */
export interface ErrorDetail {
  code: HostErrorCode;
  message: string;
  field?: string | undefined;
}

/** Detail of `cc-agent-state`: the agent's new state and why (`agent`: they chose it; `offer-timeout`: R9.4). */
export interface AgentStateDetail {
  state: AgentStateName;
  reason: 'agent' | 'offer-timeout';
}

/** Detail of `cc-accept`: the task the agent accepted (R9.3). `customerId` is null while no customer matches. */
export interface AcceptDetail {
  interactionId: string;
  channel: InteractionChannel;
  customerId: string | null;
}

/** What `<customer-context>.clearLocalData()` takes (the `host.signed-out` event carries `dropUnsent`). */
export interface ClearLocalDataOptions {
  /**
   * Writes still waiting in the outbox for the backend are deleted too, and
   * counted in `dropped`. Default false: with any left after trying to
   * deliver them, nothing is cleared.
   */
  dropUnsent?: boolean;
  /**
   * Also empties the embedded IndexedDB store (the customers, requests and
   * activities saved in this browser when no CouchDB is used). Default false:
   * that store is the customer database every agent of this browser profile
   * shares, not one agent's data (docs/security.md).
   */
  includeEmbeddedStore?: boolean;
  /** How long to try delivering waiting writes first, in milliseconds. Default 10,000. */
  waitMs?: number;
}

/**
 * What `clearLocalData()` did, also the detail of `cc-cleared`:
 * - `ok: true`: this browser keeps nothing of the agent any more. `dropped`:
 *   writes that waited for the backend and were deleted (only with
 *   `dropUnsent`); `refused`: writes the backend had refused on delivery
 *   whose kept copy (the agent's version, to compare with theirs) was
 *   deleted; `discarded`: work areas that still held unsaved input (with
 *   CouchDB and a named agent, their copy on the server stays and comes back
 *   at their next sign-in);
 * - `ok: false, reason: 'unsent'`: `pending` writes could not be delivered
 *   (the backend is unreachable or refused the sign-in): nothing was cleared.
 */
export type ClearResult =
  | { ok: true; dropped: number; refused: number; discarded: number }
  | { ok: false; reason: 'unsent'; pending: number };
