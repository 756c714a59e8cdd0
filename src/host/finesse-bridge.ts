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
 *
 * Never uses alert/confirm/prompt, never puts credentials in a URL: the
 * container's config object goes to `ClientServices.init` as Finesse expects.
 */
import type { Contact, HostContext, HostEvent, InteractionChannel } from '../model/index.js';
import type { ReceiveResult } from '../model/index.js';
import type {
  FinesseApi,
  FinesseCollection,
  FinesseDialog,
  FinesseDialogBase,
  FinesseGadgetConfig,
  FinesseMedia,
  FinesseMediaDialog,
  FinesseUser,
  GadgetPrefs,
  GadgetsApi,
} from './finesse-types.js';

/** Anything that takes host events the way `<customer-context>` does. */
export interface HostReceiver extends Element {
  receive(event: unknown): ReceiveResult;
}

/**
 * Where the customer's identity is found in a dialog's media properties
 * (`getMediaProperties()`: call variables `callVariable1`…`callVariable10`
 * and ECC variables `user.…`, flattened by name). The first non-empty
 * variable of each list wins. A voice call's number always comes from
 * `getFromAddress()` (or `getToAddress()` when the agent placed the call);
 * non-voice dialogs have no from address, so chat and email identities must
 * come from variables.
 */
export interface ContactVariables {
  name: string[];
  phone: string[];
  email: string[];
  chatId: string[];
  subject: string[];
}

/**
 * Default variable names: ECC variables following Cisco's naming convention
 * `user.<Company>.<Description>`, with `cc` as the company part. Override them
 * in gadget.xml (hidden UserPrefs `nameVariables`, `phoneVariables`,
 * `emailVariables`, `chatIdVariables`, `subjectVariables`: comma-separated
 * names) or with the `variables` option.
 */
export const DEFAULT_CONTACT_VARIABLES: Readonly<ContactVariables> = Object.freeze({
  name: ['user.cc.name'],
  phone: ['user.cc.phone'],
  email: ['user.cc.email'],
  chatId: ['user.cc.chatId'],
  subject: ['user.cc.subject'],
});

const PREF_FOR: Record<keyof ContactVariables, string> = {
  name: 'nameVariables',
  phone: 'phoneVariables',
  email: 'emailVariables',
  chatId: 'chatIdVariables',
  subject: 'subjectVariables',
};

export interface FinesseBridgeOptions {
  /** The `gadgets` global. Default: `globalThis.gadgets`. */
  gadgets?: GadgetsApi;
  /** The `finesse` global. Default: `globalThis.finesse`. */
  finesse?: FinesseApi;
  /** Variable names, over the gadget's UserPrefs and the defaults. */
  variables?: Partial<ContactVariables>;
  /** Milliseconds to wait for the content size to settle before `adjustHeight()`. Default 100. */
  resizeDebounceMs?: number;
  /** Clock for the `at` of host events. */
  now?: () => Date;
  /** Where bridge problems are reported. Default: Finesse's ClientLogger when present. */
  log?: (message: string) => void;
}

/** How far an interaction has gone, as the bridge has reported it. */
export type InteractionPhase = 'offered' | 'started' | 'ended';

/** `getMediaProperties().callType` of a supervisor's silent-monitor session. */
export const SUPERVISOR_MONITOR = 'SUPERVISOR_MONITOR';

// ---- pure helpers (exported for tests and for hosts that build their own bridge) ----

function text(value: unknown): string | undefined {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function attempt<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

function firstVariable(props: Record<string, unknown>, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = text(props[name]);
    if (value) return value;
  }
  return undefined;
}

/** `getMediaProperties()`, or `{}` when the dialog is not loaded yet or has none. */
export function mediaProperties(dialog: FinesseDialogBase): Record<string, unknown> {
  const props = attempt(() => dialog.getMediaProperties());
  return props && typeof props === 'object' ? props : {};
}

/** True for a supervisor's silent-monitor dialog (never a customer interaction). */
export function isSupervisorMonitor(dialog: FinesseDialog): boolean {
  const callType = text(mediaProperties(dialog).callType) ?? text(attempt(() => dialog.getCallType?.()));
  return callType === SUPERVISOR_MONITOR;
}

/**
 * The phase of a voice dialog for this agent. The agent's own participant
 * (`mediaAddress` = the agent's extension) decides when present: a dialog
 * stays ACTIVE after the agent transferred it away, and it can be ACTIVE at
 * the IVR while it only rings (ALERTING) at the agent. States:
 * `Dialog.States` ALERTING / ACTIVE / DROPPED / FAILED and
 * `Dialog.ParticipantStates` ALERTING / ACTIVE / HELD / DROPPED / WRAP_UP / FAILED.
 * Dialing states (INITIATING, INITIATED) and ACCEPTED (outbound preview) report nothing.
 */
export function voicePhase(dialog: FinesseDialog, extension?: string): InteractionPhase | null {
  const dialogState = text(attempt(() => dialog.getState()));
  if (dialogState === 'DROPPED' || dialogState === 'FAILED') return 'ended';
  const participants = extension ? (attempt(() => dialog.getParticipants?.()) ?? []) : [];
  const mine = Array.isArray(participants) ? participants.find((p) => p && text(p.mediaAddress) === extension) : undefined;
  switch (text(mine?.state) ?? dialogState) {
    case 'ALERTING':
      return 'offered';
    case 'ACTIVE':
    case 'HELD':
      return 'started';
    case 'DROPPED':
    case 'WRAP_UP':
    case 'FAILED':
      return 'ended';
    default:
      return null;
  }
}

/**
 * The phase of a non-voice dialog (`MediaDialog.States`): OFFERED → offered;
 * ACCEPTED, ACTIVE, PAUSED, INTERRUPTED → started (the agent took it);
 * WRAPPING_UP, CLOSED → ended; UNKNOWN (recovered after a failure) → nothing.
 */
export function mediaPhase(dialog: FinesseMediaDialog): InteractionPhase | null {
  switch (text(attempt(() => dialog.getState()))) {
    case 'OFFERED':
      return 'offered';
    case 'ACCEPTED':
    case 'ACTIVE':
    case 'PAUSED':
    case 'INTERRUPTED':
      return 'started';
    case 'WRAPPING_UP':
    case 'CLOSED':
      return 'ended';
    default:
      return null;
  }
}

/** Email when the Media Routing Domain's name or description says so (e.g. `Cisco_Email_MRD`), chat otherwise. */
export function mediaChannel(media: FinesseMedia): Exclude<InteractionChannel, 'voice'> {
  const data = attempt(() => media.getData?.());
  const name = text(data?.name) ?? text(attempt(() => media.getName?.())) ?? '';
  return /e-?mail/i.test(`${name} ${text(data?.description) ?? ''}`) ? 'email' : 'chat';
}

/** The customer of a dialog: `from` and `subject` for a host event. */
export function contactOf(
  props: Record<string, unknown>,
  variables: ContactVariables,
  address?: string,
): { from: Contact; subject: string | undefined } {
  const from: Contact = {};
  const name = firstVariable(props, variables.name);
  const phone = address ?? firstVariable(props, variables.phone);
  const email = firstVariable(props, variables.email);
  const chatId = firstVariable(props, variables.chatId);
  if (name) from.name = name;
  if (phone) from.phone = phone;
  if (email) from.email = email;
  if (chatId) from.chatId = chatId;
  return { from, subject: firstVariable(props, variables.subject) };
}

/** The customer's number of a voice dialog: the from address, or the to address when the agent placed the call. */
export function customerAddress(dialog: FinesseDialog, extension?: string): string | undefined {
  const from = text(attempt(() => dialog.getFromAddress()));
  if (extension && from === extension) return text(attempt(() => dialog.getToAddress?.()));
  return from;
}

/** A Finesse locale (`en_US`, `es_ES`, `pt_BR`) as a BCP 47 tag, or undefined. */
export function finesseLocale(value: unknown): string | undefined {
  const raw = text(value);
  if (!raw) return undefined;
  try {
    return Intl.getCanonicalLocales(raw.replace(/_/g, '-'))[0];
  } catch {
    return undefined;
  }
}

/** `User.getState()` → our agent state. READY → ready; NOT_READY, LOGOUT → not-ready; busy states → no change. */
export function agentStateOf(state: unknown): 'ready' | 'not-ready' | null {
  switch (text(state)) {
    case 'READY':
      return 'ready';
    case 'NOT_READY':
    case 'LOGOUT':
      return 'not-ready';
    default:
      return null;
  }
}

/** Comma- or space-separated variable names from a pref value. */
export function variableList(value: unknown): string[] {
  return (text(value) ?? '').split(/[\s,]+/).filter(Boolean);
}

/** The variable names in effect: option > gadget UserPref > default. */
export function contactVariables(prefs: GadgetPrefs | undefined, overrides: Partial<ContactVariables> = {}): ContactVariables {
  const result = {} as ContactVariables;
  for (const key of Object.keys(DEFAULT_CONTACT_VARIABLES) as (keyof ContactVariables)[]) {
    const fromPref = prefs ? variableList(attempt(() => prefs.getString(PREF_FOR[key]))) : [];
    result[key] = overrides[key]?.length ? [...overrides[key]] : fromPref.length ? fromPref : [...DEFAULT_CONTACT_VARIABLES[key]];
  }
  return result;
}

const CONFIG_PREFS = [
  'id', 'authorization', 'country', 'language', 'locale', 'host', 'hostPort', 'extension',
  'mobileAgentMode', 'mobileAgentDialNumber', 'xmppDomain', 'pubsubDomain', 'restHost', 'scheme',
  'localhostFQDN', 'localhostPort',
] as const;

/**
 * The configuration for `ClientServices.init`: the container's
 * `finesse.gadget.Config` when it has one, else the same fields read from
 * `gadgets.Prefs` (the pattern of Cisco's sample gadgets).
 */
export function gadgetConfig(finesse: FinesseApi, prefs: GadgetPrefs): FinesseGadgetConfig {
  const provided = attempt(() => finesse.gadget?.Config);
  if (provided && typeof provided === 'object' && text(provided.id)) return provided;
  const config: FinesseGadgetConfig = {};
  for (const key of CONFIG_PREFS) config[key] = attempt(() => prefs.getString(key)) ?? '';
  return config;
}

// ---- the bridge ---------------------------------------------------------------------

type Change<T> = (item: T) => void;

interface Watched {
  remove: () => void;
}

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
  private readonly phases = new Map<string, InteractionPhase>();
  private readonly ignored = new Set<string>();
  private readonly watched = new Map<string, Watched>();
  private readonly mediaWatched = new Set<string>();
  private variables: ContactVariables = contactVariables(undefined);
  private locale: string | undefined;
  private extension: string | undefined;
  private agentState: 'ready' | 'not-ready' | null = null;
  private resizeObserver: ResizeObserver | undefined;
  private resizeTimer: ReturnType<typeof setTimeout> | undefined;
  private lastSize = '';
  private connected = false;
  private stopped = false;
  private dismissed = false;

  constructor(element: HostReceiver, options: FinesseBridgeOptions = {}) {
    const globals = globalThis as { gadgets?: GadgetsApi; finesse?: FinesseApi };
    const gadgets = options.gadgets ?? globals.gadgets;
    const finesse = options.finesse ?? globals.finesse;
    if (!gadgets || !finesse) throw new TypeError('FinesseBridge needs the gadgets and finesse globals (load it from gadget.xml)');
    this.element = element;
    this.gadgets = gadgets;
    this.finesse = finesse;
    this.options = options;
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
    this.variables = contactVariables(prefs, this.options.variables);
    this.initLogger();
    this.observeSize();
    this.watchActiveTab();
    const config = gadgetConfig(this.finesse, prefs ?? { getString: () => '' });
    this.locale = finesseLocale(config.locale) ?? finesseLocale(prefsLocale(prefs));
    this.extension = text(config.extension);
    const id = text(config.id);
    if (!id) {
      this.log('no user id in the gadget configuration');
      this.dismiss();
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
          this.dismiss();
        },
      });
    } catch (error) {
      this.log(`Finesse init failed: ${String(error)}`);
      this.dismiss();
    }
  }

  /** Removes the dialog handlers, the resize observer and the timer. Host events stop. */
  stop(): void {
    this.stopped = true;
    for (const watched of this.watched.values()) watched.remove();
    this.watched.clear();
    this.resizeObserver?.disconnect();
    clearTimeout(this.resizeTimer);
  }

  /** The phase the bridge has reported for an interaction (dialog id), for hosts and tests. */
  phaseOf(interactionId: string): InteractionPhase | undefined {
    return this.phases.get(interactionId);
  }

  // ---- user ------------------------------------------------------------------------

  private userLoaded(user: FinesseUser): void {
    if (this.stopped) return;
    this.extension = text(attempt(() => user.getExtension?.())) ?? this.extension;
    const agentId = text(attempt(() => user.getId()));
    if (agentId) {
      const agentName = [attempt(() => user.getFirstName?.()), attempt(() => user.getLastName?.())].map(text).filter(Boolean).join(' ');
      const context: HostContext = { type: 'host.context', agentId };
      if (agentName) context.agentName = agentName;
      if (this.locale) context.locale = this.locale;
      this.send(context);
    }
    this.mirrorAgentState(user);
    this.watchVoice(user);
    this.watchMedia(user);
    this.dismiss();
    this.adjustHeight(true);
  }

  private userChanged(user: FinesseUser): void {
    if (this.stopped) return;
    this.extension = text(attempt(() => user.getExtension?.())) ?? this.extension;
    this.mirrorAgentState(user);
  }

  private mirrorAgentState(user: FinesseUser): void {
    const state = agentStateOf(attempt(() => user.getState()));
    if (!state || state === this.agentState) return;
    this.agentState = state;
    this.send({ type: 'agent.state', state });
  }

  // ---- voice -----------------------------------------------------------------------

  private watchVoice(user: FinesseUser): void {
    try {
      const dialogs = user.getDialogs({
        onLoad: (collection) => this.eachOf(collection, (dialog) => this.watchDialog(dialog)),
        onCollectionAdd: (dialog) => this.watchDialog(dialog),
        onCollectionDelete: (dialog) => this.dialogGone(dialog),
        onError: () => this.log('the dialogs could not be loaded'),
      });
      // A collection already loaded (cached by the library) does not call onLoad again.
      if (dialogs) this.eachOf(dialogs, (dialog) => this.watchDialog(dialog));
    } catch (error) {
      this.log(`getDialogs failed: ${String(error)}`);
    }
  }

  private watchDialog(dialog: FinesseDialog): void {
    this.watch(dialog, () => this.voiceChanged(dialog));
  }

  private voiceChanged(dialog: FinesseDialog): void {
    const id = text(attempt(() => dialog.getId()));
    if (!id || this.ignored.has(id)) return;
    if (isSupervisorMonitor(dialog)) {
      // A silent-monitor session is the supervisor listening in, never the agent's customer.
      this.ignored.add(id);
      this.unwatch(id);
      return;
    }
    this.advance(id, voicePhase(dialog, this.extension), () => ({
      channel: 'voice',
      ...contactOf(mediaProperties(dialog), this.variables, customerAddress(dialog, this.extension)),
    }));
  }

  // ---- chat and email --------------------------------------------------------------

  private watchMedia(user: FinesseUser): void {
    if (typeof user.getMediaList !== 'function') return;
    try {
      const list = user.getMediaList({
        onLoad: (collection) => this.eachOf(collection, (media) => this.watchMediaDialogs(media)),
        onCollectionAdd: (media) => this.watchMediaDialogs(media),
        onError: () => this.log('the media list could not be loaded'),
      });
      if (list) this.eachOf(list, (media) => this.watchMediaDialogs(media));
    } catch (error) {
      this.log(`getMediaList failed: ${String(error)}`);
    }
  }

  private watchMediaDialogs(media: FinesseMedia): void {
    const mediaId = text(attempt(() => media.getId()));
    if (!mediaId || this.mediaWatched.has(mediaId)) return;
    this.mediaWatched.add(mediaId);
    const channel = mediaChannel(media);
    const watch = (dialog: FinesseMediaDialog) => this.watch(dialog, () => this.mediaChanged(dialog, channel));
    try {
      const dialogs = media.getMediaDialogs({
        onLoad: (collection) => this.eachOf(collection, watch),
        onCollectionAdd: watch,
        onCollectionDelete: (dialog) => this.dialogGone(dialog),
        onError: () => this.log(`the dialogs of media ${mediaId} could not be loaded`),
      });
      if (dialogs) this.eachOf(dialogs, watch);
    } catch (error) {
      this.log(`getMediaDialogs(${mediaId}) failed: ${String(error)}`);
    }
  }

  private mediaChanged(dialog: FinesseMediaDialog, channel: Exclude<InteractionChannel, 'voice'>): void {
    const id = text(attempt(() => dialog.getId()));
    if (!id || this.ignored.has(id)) return;
    this.advance(id, mediaPhase(dialog), () => ({ channel, ...contactOf(mediaProperties(dialog), this.variables) }));
  }

  // ---- shared dialog bookkeeping ------------------------------------------------------

  private eachOf<T>(collection: FinesseCollection<T>, visit: Change<T>): void {
    const items = attempt(() => collection.getCollection());
    if (!items || typeof items !== 'object') return;
    for (const key of Object.keys(items)) {
      const item = items[key];
      if (item) visit(item);
    }
  }

  /** Adds one `change` handler per dialog id, then looks at the dialog's current state. */
  private watch<D extends FinesseDialogBase>(dialog: D, changed: () => void): void {
    if (this.stopped) return;
    const id = text(attempt(() => dialog.getId()));
    if (!id) return;
    if (!this.watched.has(id) && !this.ignored.has(id)) {
      const handler = () => {
        if (!this.stopped) changed();
      };
      try {
        dialog.addHandler('change', handler);
      } catch (error) {
        this.log(`cannot watch dialog ${id}: ${String(error)}`);
      }
      this.watched.set(id, { remove: () => attempt(() => dialog.removeHandler?.('change', handler)) });
    }
    changed();
  }

  private unwatch(id: string): void {
    this.watched.get(id)?.remove();
    this.watched.delete(id);
  }

  /** A dialog left the agent's collection: the interaction is over for this agent. */
  private dialogGone(dialog: FinesseDialogBase): void {
    const id = text(attempt(() => dialog.getId()));
    if (!id) return;
    this.unwatch(id);
    if (this.ignored.has(id)) return;
    this.advance(id, 'ended', () => ({ channel: 'voice', from: {}, subject: undefined }));
  }

  /**
   * Moves an interaction forward and sends what the move means:
   * (none) → offered: `interaction.offered`; (none | offered) → started:
   * `interaction.started`; started → ended: `interaction.ended`; offered →
   * ended: `interaction.withdrawn` (rang, never answered). Nothing moves back.
   */
  private advance(
    id: string,
    phase: InteractionPhase | null,
    describe: () => { channel: InteractionChannel; from: Contact; subject: string | undefined },
  ): void {
    const current = this.phases.get(id);
    if (!phase || current === 'ended' || phase === current) return;
    if (phase === 'offered' && current === 'started') return;
    const at = (this.options.now?.() ?? new Date()).toISOString();
    if (phase === 'ended') {
      if (current === 'started') this.send({ type: 'interaction.ended', interactionId: id, at });
      else if (current === 'offered') this.send({ type: 'interaction.withdrawn', interactionId: id });
      this.phases.set(id, 'ended');
      return;
    }
    const { channel, from, subject } = describe();
    const base = { interactionId: id, channel, from, at, ...(subject ? { subject } : {}) };
    // Finesse routes and times out (RONA) its own offers: never `autoAssigned`,
    // so the gadget's own offer timer stays out of Finesse calls.
    this.send(phase === 'offered' ? { type: 'interaction.offered', ...base } : { type: 'interaction.started', ...base });
    this.phases.set(id, phase);
  }

  private send(event: HostEvent): void {
    try {
      this.element.receive(event);
    } catch (error) {
      this.log(`receive threw: ${String(error)}`);
    }
  }

  // ---- container: height, loading indicator, logger -------------------------------------

  private watchActiveTab(): void {
    const services = this.finesse.containerservices?.ContainerServices;
    if (!services) return;
    try {
      const container = services.init();
      container.addHandler(services.Topics.ACTIVE_TAB, () => this.adjustHeight(true));
      container.makeActiveTabReq?.();
    } catch (error) {
      this.log(`ContainerServices failed: ${String(error)}`);
    }
  }

  private observeSize(): void {
    if (typeof ResizeObserver === 'undefined') return;
    this.resizeObserver = new ResizeObserver(() => {
      clearTimeout(this.resizeTimer);
      this.resizeTimer = setTimeout(() => this.adjustHeight(false), this.options.resizeDebounceMs ?? 100);
    });
    this.resizeObserver.observe(this.element);
    const body = this.element.ownerDocument.body;
    if (body && (body as Element) !== this.element) this.resizeObserver.observe(body);
  }

  /** `gadgets.window.adjustHeight()`; on resize only when the content's height really changed. */
  private adjustHeight(force: boolean): void {
    if (this.stopped) return;
    const doc = this.element.ownerDocument;
    const size = `${Math.ceil(this.element.getBoundingClientRect().height)}:${doc.body?.scrollHeight ?? 0}`;
    if (!force && size === this.lastSize) return;
    this.lastSize = size;
    try {
      this.gadgets.window.adjustHeight();
    } catch (error) {
      this.log(`adjustHeight failed: ${String(error)}`);
    }
  }

  private dismiss(): void {
    if (this.dismissed) return;
    this.dismissed = true;
    attempt(() => this.gadgets.loadingindicator?.dismiss());
  }

  private initLogger(): void {
    attempt(() => this.finesse.cslogger?.ClientLogger?.init?.(this.gadgets.Hub, 'Customer Context'));
  }

  private log(message: string): void {
    const line = `Customer Context: ${message}`;
    if (this.options.log) this.options.log(line);
    else attempt(() => this.finesse.cslogger?.ClientLogger?.log?.(line));
  }
}

function prefsLocale(prefs: GadgetPrefs | undefined): string | undefined {
  if (!prefs) return undefined;
  const locale = text(attempt(() => prefs.getString('locale')));
  if (locale) return locale;
  const lang = text(attempt(() => prefs.getLang?.()));
  const country = text(attempt(() => prefs.getCountry?.()));
  return lang ? (country ? `${lang}-${country}` : lang) : undefined;
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
