/**
 * The Finesse desktop's notification connection, as the agent should see it:
 * pure mapping, no DOM.
 *
 * The desktop keeps one XMPP connection (BOSH or WebSocket) to the Finesse
 * Notification Service for itself and every gadget, and publishes its state on
 * the OpenAjax Hub topic `finesse.info.connection` as `{ status, resourceID }`
 * every time it changes (developer.cisco.com/docs/finesse/connection-information).
 * A gadget that comes up after the last publish asks for it again by
 * publishing `{ type: 'ConnectionInfoReq', data: {} }` on `finesse.info.requests`
 * (…/connectioninforeq); every subscriber then gets it, so duplicates are
 * normal and must be harmless.
 *
 * While the connection is down no dialog notification reaches the gadget and
 * none is replayed afterwards: calls and chats that ring, are answered or end
 * in the gap are only seen by reading the dialogs again (the bridge does, on
 * reconnect).
 */

export const CONNECTION_TOPIC = 'finesse.info.connection';
export const REQUESTS_TOPIC = 'finesse.info.requests';
export const CONNECTION_INFO_REQUEST = 'ConnectionInfoReq';

/**
 * What the agent needs to know: `connected` (call events arrive as they
 * happen), `reconnecting` (the desktop is restoring the connection: call
 * events may be late), `disconnected` (the connection is down or was refused:
 * call events may be late until the desktop reconnects or fails over).
 */
export type FinesseConnectionState = 'connected' | 'reconnecting' | 'disconnected';

/** What the bridge reports on every change (`onConnectionChange`, and the element's `cc-host-connection` event). */
export interface FinesseConnectionChange {
  state: FinesseConnectionState;
  /** The desktop's own status word (`reconnecting`, `failing` …), for logs. */
  status: string;
  /** When the bridge saw the change (ISO 8601). */
  at: string;
}

/**
 * A `finesse.info.connection` status as a state, or null for "nothing to
 * report":
 * - `connected`, `recovered` (back after a failover) → `connected`;
 * - `reconnecting` → `reconnecting`; `connecting` → `reconnecting` once the
 *   connection has been up before, nothing while the desktop is starting;
 * - `disconnected`, `disconnecting`, `failing` (the notification service or the
 *   Finesse server is down), `conflict`, `unauthorized` → `disconnected`;
 * - `unloading` (the desktop page is going away) and anything unknown → nothing.
 */
export function connectionStateOf(status: unknown, wasConnected: boolean): FinesseConnectionState | null {
  switch (typeof status === 'string' ? status.trim().toLowerCase() : '') {
    case 'connected':
    case 'recovered':
      return 'connected';
    case 'reconnecting':
      return 'reconnecting';
    case 'connecting':
      return wasConnected ? 'reconnecting' : null;
    case 'disconnected':
    case 'disconnecting':
    case 'failing':
    case 'conflict':
    case 'unauthorized':
      return 'disconnected';
    default:
      return null;
  }
}

/** The `status` of a `finesse.info.connection` publish, lower-cased, or undefined when the data has none. */
export function connectionStatus(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const status = (data as { status?: unknown }).status;
  if (typeof status !== 'string') return undefined;
  const trimmed = status.trim().toLowerCase();
  return trimmed === '' ? undefined : trimmed;
}

declare global {
  interface GlobalEventHandlersEventMap {
    /** Dispatched by the Finesse bridge on its `<customer-context>` when the desktop's connection changes. */
    'cc-host-connection': CustomEvent<FinesseConnectionChange>;
  }
}
