/**
 * The Finesse bridge: turns what Cisco Finesse reports about the signed-in
 * agent (voice dialogs, chat/email media dialogs, agent state) into host
 * events for `<customer-context>.receive()`, and sizes the gadget iframe to
 * its content. gadget.xml loads the bundle, which starts this bridge by itself
 * (see `autoStartFinesseBridge`).
 *
 * Sequence (all names from the Finesse JavaScript library documentation):
 * 1. `gadgets.HubSettings.onConnect` — the container's pub/sub hub is ready.
 * 2. `finesse.clientservices.ClientServices.init(config)` with the container's
 *    `finesse.gadget.Config` (or, on versions without it, the same fields read
 *    from `gadgets.Prefs`, as Cisco's sample gadgets do).
 * 3. `new finesse.restservices.User({ id, onLoad, onChange })` → `host.context`
 *    (agent id, name, locale) and `agent.state` (READY / NOT_READY).
 * 4. `user.getDialogs({ onLoad, onCollectionAdd, onCollectionDelete })` and each
 *    dialog's `change` handler: voice calls.
 * 5. `user.getMediaList(…)` → each media's `getMediaDialogs(…)`: chats and emails.
 * 6. `finesse.containerservices.ContainerServices.init()` → `ACTIVE_TAB` →
 *    `gadgets.window.adjustHeight()`; a ResizeObserver does the same (debounced)
 *    whenever the content changes size; `gadgets.loadingindicator.dismiss()`
 *    once the user is loaded.
 * 7. `gadgets.Hub.subscribe('finesse.info.connection')` (before step 2, then a
 *    `ConnectionInfoReq` on `finesse.info.requests`): the desktop's notification
 *    connection, reported as `connected` / `reconnecting` / `disconnected`
 *    (`onConnectionChange`, and a `cc-host-connection` event on the element).
 *    When it comes back, the bridge re-reads the user, the voice dialogs, the
 *    media list and each media's dialogs (`refresh()`), because notifications
 *    lost in the gap are never replayed; the phase bookkeeping
 *    (finesse-dialogs.ts) makes the re-read send only what is new (no second
 *    `interaction.started`).
 *
 * `host.context.locale` is the desktop's locale; where it is read, in which
 * order, is in finesse-locale.ts.
 *
 * Where each part lives: this module starts and stops the bridge (steps 1–3:
 * the container, `ClientServices.init`, the user) and re-exports the rest, so
 * importers need only this one; the dialog subscriptions (steps 4–5) and
 * `advance`, which turns dialog phases into host events, are in
 * finesse-dialogs.ts; the pure mappers (phases, channels, contacts,
 * configuration) in finesse-phases.ts; step 6 (height, loading indicator,
 * logger) in finesse-gadget-chrome.ts; step 7 in finesse-connection-watch.ts.
 *
 * Never uses alert/confirm/prompt, never puts credentials in a URL: the
 * container's config object goes to `ClientServices.init` as Finesse expects.
 */
import type { HostContext, HostEvent, ReceiveResult } from '../model/index.js';
import type { FinesseApi, FinesseUser, GadgetsApi } from './finesse-types.js';
import type { FinesseConnectionState } from './finesse-connection.js';
import { desktopLocale, type DesktopLocaleSource } from './finesse-locale.js';
import { agentStateOf, attempt, contactVariables, gadgetConfig, text, type ContactVariables, type InteractionPhase } from './finesse-phases.js';
import { GadgetChrome, type GadgetChromeOptions } from './finesse-gadget-chrome.js';
import { ConnectionWatch, type ConnectionWatchOptions } from './finesse-connection-watch.js';
import { FinesseDialogs } from './finesse-dialogs.js';

export { finesseLocale } from './finesse-locale.js';
export {
  DEFAULT_CONTACT_VARIABLES,
  SUPERVISOR_MONITOR,
  agentStateOf,
  contactOf,
  contactVariables,
  customerAddress,
  gadgetConfig,
  isSupervisorMonitor,
  mediaChannel,
  mediaPhase,
  mediaProperties,
  variableList,
  voicePhase,
  type ContactVariables,
  type InteractionPhase,
} from './finesse-phases.js';

/** Anything that takes host events the way `<customer-context>` does. */
export interface HostReceiver extends Element {
  receive(event: unknown): ReceiveResult;
}

/**
 * Options of a bridge: the globals, the variable names, and the options of
 * its gadget chrome (`resizeDebounceMs`, `log`) and of its connection watch
 * (`now`, `onConnectionChange`, `resyncRetryMs`).
 */
export interface FinesseBridgeOptions extends GadgetChromeOptions, ConnectionWatchOptions {
  /** The `gadgets` global. Default: `globalThis.gadgets`. */
  gadgets?: GadgetsApi;
  /** The `finesse` global. Default: `globalThis.finesse`. */
  finesse?: FinesseApi;
  /** Variable names, over the gadget's UserPrefs and the defaults. */
  variables?: Partial<ContactVariables>;
}

// ---- the bridge ---------------------------------------------------------------------

/**
 * One bridge per gadget. `start()` hooks `gadgets.HubSettings.onConnect`;
 * everything else happens once the container connects. `stop()` releases the
 * handlers and observers it added.
 */
export class FinesseBridge {
  readonly element: HostReceiver;
  private readonly gadgets: GadgetsApi;
  private readonly finesse: FinesseApi;
  private readonly options: FinesseBridgeOptions;
  private readonly chrome: GadgetChrome;
  private readonly connectionWatch: ConnectionWatch;
  private readonly dialogs: FinesseDialogs;
  private user: FinesseUser | undefined;
  private locale: string | undefined;
  private localeFrom: DesktopLocaleSource | undefined;
  private agentState: 'ready' | 'not-ready' | null = null;
  private connected = false;
  private stopped = false;

  constructor(element: HostReceiver, options: FinesseBridgeOptions = {}) {
    const globals = globalThis as { gadgets?: GadgetsApi; finesse?: FinesseApi };
    const gadgets = options.gadgets ?? globals.gadgets;
    const finesse = options.finesse ?? globals.finesse;
    if (!gadgets || !finesse) throw new TypeError('FinesseBridge needs the gadgets and finesse globals (load it from gadget.xml)');
    this.element = element;
    this.gadgets = gadgets;
    this.finesse = finesse;
    this.options = options;
    this.chrome = new GadgetChrome(element, gadgets, finesse, options);
    this.connectionWatch = new ConnectionWatch(element, gadgets, options, {
      stopped: () => this.stopped,
      loaded: () => this.user !== undefined,
      reread: () => this.refresh(),
      log: (message) => this.log(message),
    });
    this.dialogs = new FinesseDialogs({
      stopped: () => this.stopped,
      send: (event) => this.send(event),
      log: (message) => this.log(message),
      readFailed: (message) => this.connectionWatch.readFailed(message),
      now: () => this.options.now?.() ?? new Date(),
    });
  }

  /** Waits for the container: chains `gadgets.HubSettings.onConnect` (an earlier handler still runs). */
  start(): this {
    const settings = this.gadgets.HubSettings;
    const previous = settings.onConnect;
    settings.onConnect = () => {
      try {
        previous?.call(settings);
      } finally {
        this.connect();
      }
    };
    return this;
  }

  /** Called on `onConnect`. Safe to call more than once. */
  connect(): void {
    if (this.connected || this.stopped) return;
    if (typeof this.element.receive !== 'function') {
      // The element's class is not defined yet: connect once it is.
      void customElements.whenDefined(this.element.localName).then(() => this.connect());
      return;
    }
    this.connected = true;
    const prefs = attempt(() => new this.gadgets.Prefs());
    this.dialogs.variables = contactVariables(prefs, this.options.variables);
    this.chrome.initLogger();
    this.chrome.observeSize();
    this.chrome.watchActiveTab();
    // Subscribed before ClientServices.init, whose own ConnectionInfoReq then reaches us too.
    this.connectionWatch.start();
    const config = gadgetConfig(this.finesse, prefs ?? { getString: () => '' });
    ({ locale: this.locale, source: this.localeFrom } = desktopLocale(config, prefs));
    this.dialogs.extension = text(config.extension);
    const id = text(config.id);
    if (!id) {
      this.log('no user id in the gadget configuration');
      this.chrome.dismiss();
      return;
    }
    try {
      this.finesse.clientservices.ClientServices.init(config);
      new this.finesse.restservices.User({
        id,
        onLoad: (user) => this.userLoaded(user),
        onChange: (user) => this.userChanged(user),
        onError: () => {
          this.log('the user could not be loaded');
          this.chrome.dismiss();
        },
      });
    } catch (error) {
      this.log(`Finesse init failed: ${String(error)}`);
      this.chrome.dismiss();
    }
  }

  /** Removes the dialog handlers, the hub subscription, the resize observer and the timers. Host events stop. */
  stop(): void {
    this.stopped = true;
    this.dialogs.stop();
    this.connectionWatch.stop();
    this.chrome.stop();
  }

  /** The phase the bridge has reported for an interaction (dialog id), for hosts and tests. */
  phaseOf(interactionId: string): InteractionPhase | undefined {
    return this.dialogs.phaseOf(interactionId);
  }

  /** The desktop's notification connection as last reported; undefined until the desktop has said. */
  get connectionState(): FinesseConnectionState | undefined {
    return this.connectionWatch.state;
  }

  /** The locale sent in `host.context`, and which source gave it (see finesse-locale.ts). */
  get desktopLocale(): { locale: string | undefined; source: DesktopLocaleSource | undefined } {
    return { locale: this.locale, source: this.localeFrom };
  }

  // ---- user ------------------------------------------------------------------------

  private userLoaded(user: FinesseUser): void {
    if (this.stopped || this.user) return;
    this.user = user;
    this.dialogs.extension = text(attempt(() => user.getExtension?.())) ?? this.dialogs.extension;
    const agentId = text(attempt(() => user.getId()));
    if (agentId) {
      const agentName = [attempt(() => user.getFirstName?.()), attempt(() => user.getLastName?.())].map(text).filter(Boolean).join(' ');
      const context: HostContext = { type: 'host.context', agentId };
      if (agentName) context.agentName = agentName;
      if (this.locale) context.locale = this.locale;
      this.send(context);
    }
    this.mirrorAgentState(user);
    this.dialogs.watchVoice(user);
    this.dialogs.watchMedia(user);
    this.chrome.dismiss();
    this.chrome.adjustHeight(true);
  }

  private userChanged(user: FinesseUser): void {
    if (this.stopped) return;
    this.dialogs.extension = text(attempt(() => user.getExtension?.())) ?? this.dialogs.extension;
    this.mirrorAgentState(user);
  }

  private mirrorAgentState(user: FinesseUser): void {
    const state = agentStateOf(attempt(() => user.getState()));
    if (!state || state === this.agentState) return;
    this.agentState = state;
    this.send({ type: 'agent.state', state });
  }

  private send(event: HostEvent): void {
    try {
      this.element.receive(event);
    } catch (error) {
      this.log(`receive threw: ${String(error)}`);
    }
  }

  // ---- after a reconnect (see finesse-connection-watch.ts) ---------------------------------

  /**
   * Reads again what notifications may have missed: the user (agent state),
   * then the voice dialogs, the media list and each media's dialogs
   * (`FinesseDialogs.refresh`).
   */
  private refresh(): void {
    try {
      this.user?.refresh?.();
    } catch (error) {
      this.log(`the user could not be read again: ${String(error)}`);
    }
    this.dialogs.refresh();
  }

  private log(message: string): void {
    this.chrome.log(message);
  }
}

/** Creates and starts a bridge for `element` (see `FinesseBridge`). */
export function startFinesseBridge(element: HostReceiver, options: FinesseBridgeOptions = {}): FinesseBridge {
  return new FinesseBridge(element, options).start();
}

const autoStarted = new WeakMap<Element, FinesseBridge>();

/**
 * What the bundle does when it loads: if the page has the `gadgets` and
 * `finesse` globals (gadget.xml loaded finesse.js) and a
 * `<customer-context data-finesse>`, start one bridge for it. Returns the
 * bridge, or null when this is not a Finesse gadget page.
 */
export function autoStartFinesseBridge(doc: Document = document): FinesseBridge | null {
  const globals = globalThis as { gadgets?: GadgetsApi; finesse?: FinesseApi };
  if (!globals.gadgets?.HubSettings || !globals.finesse?.restservices) return null;
  const element = doc.querySelector('customer-context[data-finesse]') as HostReceiver | null;
  if (!element) return null;
  const existing = autoStarted.get(element);
  if (existing) return existing;
  const bridge = startFinesseBridge(element);
  autoStarted.set(element, bridge);
  return bridge;
}
