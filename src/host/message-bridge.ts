/**
 * The message bridge: a host that is not Finesse (an agent desktop that puts
 * the gadget in an iframe, or a parent page of another origin) sends host
 * events with `window.postMessage`. Only origins on an allow-list are heard.
 *
 * Protocol (version 1), all plain JSON:
 *
 * In, host → gadget window:
 *   `{ target: 'customer-context', event: HostEvent, id?: string | number }`
 *   Each one is passed to `<customer-context>.receive(event)`.
 *
 * Reply, gadget → the sender's window, at the sender's exact origin:
 *   `{ source: 'customer-context', type: 'cc-result', version: 1, id?, ok: true }`
 *   `{ source: 'customer-context', type: 'cc-result', version: 1, id?, ok: false, error: { code, message, field? } }`
 *
 * Events out, gadget → every window that has sent an accepted message (and
 * the parent window, when its origin is allowed):
 *   `{ source: 'customer-context', type: 'cc-saved' | 'cc-closed' | 'cc-error' | 'cc-accept' | 'cc-agent-state', version: 1, detail }`
 *
 * Rules: no origin is allowed by default; an origin is matched exactly
 * (`scheme://host[:port]`); `*` and `null` are never accepted. A message from
 * any other origin, or one without `target: 'customer-context'`, is ignored
 * silently: nothing changes, nothing is shown to the agent, nothing is
 * answered. A message from an allowed origin with a malformed `event` is
 * refused by `receive()` — the element fires `cc-error` (mirrored) and the
 * reply says `ok: false`.
 */
import { HostEventError } from '../model/errors.js';
import type { ErrorDetail, ReceiveResult } from '../model/index.js';

export const MESSAGE_TARGET = 'customer-context';
export const MESSAGE_SOURCE = 'customer-context';
export const MESSAGE_PROTOCOL_VERSION = 1;

/** Events of `<customer-context>` mirrored to the host. */
export const MIRRORED_EVENTS = ['cc-accept', 'cc-agent-state', 'cc-cleared', 'cc-closed', 'cc-error', 'cc-saved', 'cc-sync'] as const;
export type MirroredEventType = (typeof MIRRORED_EVENTS)[number];

/** What a host posts to the gadget's window. `event` is a host event (see docs/host-contract.md). */
export interface HostMessage {
  target: typeof MESSAGE_TARGET;
  event: unknown;
  /** Echoed in the reply, so the host can match replies to messages. */
  id?: string | number;
}

/** The reply to one `HostMessage`. */
export interface ResultMessage {
  source: typeof MESSAGE_SOURCE;
  type: 'cc-result';
  version: typeof MESSAGE_PROTOCOL_VERSION;
  id?: string | number;
  ok: boolean;
  error?: ErrorDetail;
}

/** One event of the element, mirrored to the host. */
export interface EventMessage {
  source: typeof MESSAGE_SOURCE;
  type: MirroredEventType;
  version: typeof MESSAGE_PROTOCOL_VERSION;
  detail: unknown;
}

/** What the bridge needs of the element: `receive()` and the events it fires. */
export interface MessageReceiver extends EventTarget {
  receive(event: unknown): ReceiveResult;
}

export interface MessageBridgeOptions {
  /** Origins to hear: an array, or the `allowed-origins` attribute's text (space- or comma-separated). None by default. */
  allowedOrigins?: string | Iterable<string> | null;
  /** The window to listen on. Default: the element's window, else `window`. */
  window?: Window;
}

/**
 * Normalises an allow-list: each entry must be exactly an origin
 * (`https://desk.example.com`, `http://localhost:8080`; a trailing `/` is
 * tolerated). Paths, `*`, `null`, non-http(s) schemes and unparsable entries
 * are dropped.
 */
export function parseAllowedOrigins(value: string | Iterable<string> | null | undefined): string[] {
  if (value == null) return [];
  const entries = typeof value === 'string' ? value.split(/[\s,]+/) : [...value];
  const origins = new Set<string>();
  for (const raw of entries) {
    const entry = typeof raw === 'string' ? raw.trim().replace(/\/$/, '') : '';
    if (!entry || entry === '*' || entry === 'null') continue;
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      continue;
    }
    if ((url.protocol === 'https:' || url.protocol === 'http:') && url.origin === entry.toLowerCase()) origins.add(url.origin);
  }
  return [...origins];
}

/** True for an object addressed to the gadget (`target: 'customer-context'`). */
export function isHostMessage(data: unknown): data is HostMessage {
  return typeof data === 'object' && data !== null && (data as { target?: unknown }).target === MESSAGE_TARGET;
}

interface Peer {
  window: Window;
  origin: string;
}

function asWindow(source: MessageEventSource | null): Window | null {
  if (!source) return null;
  if (typeof MessagePort !== 'undefined' && source instanceof MessagePort) return null;
  if (typeof ServiceWorker !== 'undefined' && source instanceof ServiceWorker) return null;
  return source as Window;
}

function plain(detail: unknown): unknown {
  try {
    return detail === undefined ? null : (JSON.parse(JSON.stringify(detail)) as unknown);
  } catch {
    return null;
  }
}

/**
 * Connects one element to `postMessage`. Wiring an element:
 *
 * ```ts
 * const bridge = new MessageBridge(element, { allowedOrigins: element.getAttribute('allowed-origins') });
 * bridge.connect();   // in connectedCallback
 * bridge.disconnect(); // in disconnectedCallback
 * bridge.allowedOrigins = newValue; // when the attribute changes
 * ```
 */
export class MessageBridge {
  readonly element: MessageReceiver;
  private readonly window: Window;
  private allowed = new Set<string>();
  private peers: Peer[] = [];
  private connected = false;

  constructor(element: MessageReceiver, options: MessageBridgeOptions = {}) {
    this.element = element;
    const ownWindow = (element as Partial<Node>).ownerDocument?.defaultView ?? undefined;
    this.window = options.window ?? ownWindow ?? window;
    this.allowedOrigins = options.allowedOrigins;
  }

  /** The origins heard, normalised. */
  get allowedOrigins(): readonly string[] {
    return [...this.allowed];
  }

  /** Replaces the allow-list; windows of origins no longer allowed stop getting events. */
  set allowedOrigins(value: string | Iterable<string> | null | undefined) {
    this.allowed = new Set(parseAllowedOrigins(value));
    this.peers = this.peers.filter((peer) => this.allowed.has(peer.origin));
    if (this.connected) this.addParent();
  }

  get isConnected(): boolean {
    return this.connected;
  }

  /** Starts listening. Safe to call twice. */
  connect(): void {
    if (this.connected) return;
    this.connected = true;
    this.window.addEventListener('message', this.onMessage);
    for (const type of MIRRORED_EVENTS) this.element.addEventListener(type, this.onElementEvent);
    this.addParent();
  }

  /** Stops listening and forgets the windows it talked to. */
  disconnect(): void {
    if (!this.connected) return;
    this.connected = false;
    this.window.removeEventListener('message', this.onMessage);
    for (const type of MIRRORED_EVENTS) this.element.removeEventListener(type, this.onElementEvent);
    this.peers = [];
  }

  private readonly onMessage = (event: MessageEvent): void => {
    // Exact origin match; anything else is ignored without a trace.
    if (!this.allowed.has(event.origin)) return;
    const data: unknown = event.data;
    if (!isHostMessage(data)) return;
    const sender = asWindow(event.source);
    if (sender) this.addPeer(sender, event.origin);
    let result: ReceiveResult;
    try {
      result = this.element.receive(data.event);
    } catch (error) {
      result = { ok: false, error: new HostEventError('invalid-event', String(error)) };
    }
    if (!sender) return;
    const id = typeof data.id === 'string' || typeof data.id === 'number' ? data.id : undefined;
    const reply: ResultMessage = { source: MESSAGE_SOURCE, type: 'cc-result', version: MESSAGE_PROTOCOL_VERSION, ok: result.ok };
    if (id !== undefined) reply.id = id;
    if (!result.ok) {
      const { code, message, field } = result.error;
      reply.error = field === undefined ? { code, message } : { code, message, field };
    }
    this.post(sender, event.origin, reply);
  };

  private readonly onElementEvent = (event: Event): void => {
    if (!(MIRRORED_EVENTS as readonly string[]).includes(event.type)) return;
    const message: EventMessage = {
      source: MESSAGE_SOURCE,
      type: event.type as MirroredEventType,
      version: MESSAGE_PROTOCOL_VERSION,
      detail: plain((event as CustomEvent<unknown>).detail),
    };
    for (const peer of this.peers) this.post(peer.window, peer.origin, message);
  };

  private addPeer(win: Window, origin: string): void {
    if (!this.peers.some((peer) => peer.window === win && peer.origin === origin)) this.peers.push({ window: win, origin });
  }

  /** The embedding page gets events before it sends anything, when its origin is allowed (Chromium and WebKit expose it). */
  private addParent(): void {
    const win = this.window;
    if (win.parent === win) return;
    const parentOrigin = win.location.ancestorOrigins?.[0];
    if (parentOrigin && this.allowed.has(parentOrigin)) this.addPeer(win.parent, parentOrigin);
  }

  private post(target: Window, origin: string, message: ResultMessage | EventMessage): void {
    try {
      target.postMessage(message, origin);
    } catch {
      // The window went away: nothing to tell.
    }
  }
}
