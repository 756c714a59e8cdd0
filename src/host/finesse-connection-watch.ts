/**
 * The bridge's watch on the desktop's notification connection:
 * `gadgets.Hub.subscribe('finesse.info.connection')`, then a
 * `ConnectionInfoReq` on `finesse.info.requests`. Each change of state is
 * reported (`onConnectionChange`, and a `cc-host-connection` event on the
 * element); when the connection comes back, the bridge is asked to read the
 * user and its collections again, and a failed re-read is tried again a few
 * times. What the desktop's publishes mean is in finesse-connection.ts.
 */
import type { GadgetsApi } from './finesse-types.js';
import {
  CONNECTION_INFO_REQUEST,
  CONNECTION_TOPIC,
  REQUESTS_TOPIC,
  connectionStateOf,
  connectionStatus,
  type FinesseConnectionChange,
  type FinesseConnectionState,
} from './finesse-connection.js';
import { attempt, text } from './finesse-phases.js';

/** How many times the dialogs are re-read after one reconnect when the reads fail. */
const RESYNC_TRIES = 3;

/** The bridge options the connection watch reads (part of `FinesseBridgeOptions`). */
export interface ConnectionWatchOptions {
  /** Clock for the `at` of host events (and of connection changes). */
  now?: () => Date;
  /**
   * Called when the desktop's notification connection changes state
   * (`finesse.info.connection`): `reconnecting` or `disconnected` mean call
   * events may be late; `connected` means they flow again (the bridge has
   * started re-reading the dialogs). The element hears the same change as a
   * `cc-host-connection` event (`detail`: this argument) dispatched on it.
   */
  onConnectionChange?: (change: FinesseConnectionChange) => void;
  /** Milliseconds before a failed re-read after a reconnect is tried again (at most 3 tries). Default 3000. */
  resyncRetryMs?: number;
}

/** What the watch needs from its bridge. */
export interface ConnectionWatchHooks {
  /** True once the bridge has stopped. */
  stopped(): boolean;
  /** True once the user has loaded: only then is there anything to read again. */
  loaded(): boolean;
  /** Reads the user, the voice dialogs, the media list and each media's dialogs again. */
  reread(): void;
  /** Reports a problem (the bridge's logger). */
  log(message: string): void;
}

/** One per bridge: `start()` subscribes, `stop()` unsubscribes and drops a pending retry. */
export class ConnectionWatch {
  private readonly element: Element;
  private readonly gadgets: GadgetsApi;
  private readonly options: ConnectionWatchOptions;
  private readonly hooks: ConnectionWatchHooks;
  private connection: FinesseConnectionState | undefined;
  private lastStatus: string | undefined;
  private resourceId: string | undefined;
  private wasConnected = false;
  private hubSubscription: string | undefined;
  private resyncTries = 0;
  private resyncTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(element: Element, gadgets: GadgetsApi, options: ConnectionWatchOptions, hooks: ConnectionWatchHooks) {
    this.element = element;
    this.gadgets = gadgets;
    this.options = options;
    this.hooks = hooks;
  }

  /** The desktop's notification connection as last reported; undefined until the desktop has said. */
  get state(): FinesseConnectionState | undefined {
    return this.connection;
  }

  /** `gadgets.Hub.subscribe('finesse.info.connection')`, then asks the desktop to publish its state. */
  start(): void {
    const hub = this.gadgets.Hub;
    if (!hub || typeof hub.subscribe !== 'function') return;
    try {
      this.hubSubscription = hub.subscribe(
        CONNECTION_TOPIC,
        (_topic, data) => {
          if (!this.hooks.stopped()) this.connectionInfo(data);
        },
        undefined,
        (_id, success, error) => {
          // Subscribed: ask for the current state (it may have been published before the gadget loaded).
          if (!success) this.hooks.log(`cannot subscribe to ${CONNECTION_TOPIC}: ${String(error)}`);
          else if (!this.hooks.stopped()) attempt(() => hub.publish(REQUESTS_TOPIC, { type: CONNECTION_INFO_REQUEST, data: {} }));
        },
      );
    } catch (error) {
      this.hooks.log(`cannot subscribe to ${CONNECTION_TOPIC}: ${String(error)}`);
    }
  }

  /** Unsubscribes from the hub and drops a pending re-read. */
  stop(): void {
    if (this.hubSubscription !== undefined) {
      const id = this.hubSubscription;
      this.hubSubscription = undefined;
      attempt(() => this.gadgets.Hub?.unsubscribe?.(id));
    }
    clearTimeout(this.resyncTimer);
  }

  /** A read failed. Right after a reconnect the re-read is tried again (a few times), so nothing from the gap is lost. */
  readFailed(message: string): void {
    this.hooks.log(message);
    if (this.hooks.stopped() || this.connection !== 'connected' || this.resyncTries === 0 || this.resyncTries >= RESYNC_TRIES) return;
    clearTimeout(this.resyncTimer);
    this.resyncTimer = setTimeout(() => this.resync(), this.options.resyncRetryMs ?? 3000);
  }

  /**
   * One `finesse.info.connection` publish. Duplicates (every gadget's request
   * makes one) change nothing. Back to `connected` after any other state, or
   * `connected` with a new `resourceID` (a reconnect whose other publishes
   * were not seen), re-reads the dialogs.
   */
  private connectionInfo(data: unknown): void {
    const status = connectionStatus(data);
    if (!status) return;
    const state = connectionStateOf(status, this.wasConnected);
    const resource = state === 'connected' ? text((data as { resourceID?: unknown }).resourceID) : undefined;
    const newResource = resource !== undefined && this.resourceId !== undefined && resource !== this.resourceId;
    if (resource !== undefined) this.resourceId = resource;
    if (status === this.lastStatus && !newResource) return;
    this.lastStatus = status;
    if (!state) return;
    const before = this.connection;
    if (state === 'connected') this.wasConnected = true;
    if (state !== before) {
      this.connection = state;
      this.report({ state, status, at: (this.options.now?.() ?? new Date()).toISOString() });
    }
    if (state !== 'connected') {
      clearTimeout(this.resyncTimer);
      this.resyncTries = 0;
    } else if ((before !== undefined && before !== 'connected') || newResource) {
      this.hooks.log(`the desktop reconnected (${status}): reading the dialogs again`);
      this.resyncTries = 0;
      this.resync();
    }
  }

  private report(change: FinesseConnectionChange): void {
    if (this.options.onConnectionChange) {
      try {
        this.options.onConnectionChange({ ...change });
      } catch (error) {
        this.hooks.log(`onConnectionChange threw: ${String(error)}`);
      }
    }
    try {
      this.element.dispatchEvent(new CustomEvent<FinesseConnectionChange>('cc-host-connection', { detail: { ...change }, bubbles: true, composed: true }));
    } catch (error) {
      this.hooks.log(`cc-host-connection listener threw: ${String(error)}`);
    }
  }

  /** Counts one try and has the bridge read everything again (see `FinesseBridge`'s `refresh`). */
  private resync(): void {
    clearTimeout(this.resyncTimer);
    if (this.hooks.stopped() || !this.hooks.loaded()) return;
    this.resyncTries += 1;
    this.hooks.reread();
  }
}
