/**
 * Minimal typings of the Cisco Finesse JavaScript library (`finesse.js`) and
 * of the OpenSocial gadget container API (`gadgets.*`) as the Finesse bridge
 * uses them. Only what the bridge calls is declared; every shape follows the
 * public documentation:
 *
 * - finesse.js: https://developer.cisco.com/docs/finesse/ — classes
 *   `finesse.clientservices.ClientServices`, `finesse.restservices.User`,
 *   `Dialog`, `DialogBase`, `MediaList`, `Media`, `MediaDialogs`,
 *   `finesse.containerservices.ContainerServices`, `finesse.gadget.Config`.
 * - gadgets: the OpenSocial gadgets API the Finesse (Shindig) container provides
 *   through the features required in gadget.xml (`pubsub-2` → `gadgets.HubSettings`,
 *   `dynamic-height` → `gadgets.window.adjustHeight`, `loadingindicator` →
 *   `gadgets.loadingindicator.dismiss`, core → `gadgets.Prefs`).
 *
 * Methods that only some Finesse versions have are optional.
 */

/** Handlers accepted by the REST objects (RestBase common parameters). */
export interface FinesseObjectHandlers<T> {
  id?: string;
  onLoad?: (object: T) => void;
  onChange?: (object: T) => void;
  onError?: (response: unknown) => void;
}

/** Handlers accepted by the REST collection getters (RestCollectionBase common parameters). */
export interface FinesseCollectionHandlers<Item, Collection> {
  onLoad?: (collection: Collection) => void;
  onCollectionAdd?: (item: Item) => void;
  onCollectionDelete?: (item: Item) => void;
  onError?: (response: unknown) => void;
}

/**
 * `RestCollectionBase`: `getCollection()` maps ids to items. `refresh()` GETs
 * the collection again and reconciles it: items still there are updated and
 * their `change` handlers called, new items reach `onCollectionAdd`, missing
 * ones `onCollectionDelete` (finesse.js `_buildRefreshedCollection`).
 */
export interface FinesseCollection<Item> {
  getCollection(): Record<string, Item>;
  refresh?(): unknown;
}

/** One participant of a voice dialog (`Dialog.getParticipants()`). */
export interface FinesseParticipant {
  mediaAddress?: string;
  mediaAddressType?: string;
  state?: string;
  startTime?: string;
  stateChangeTime?: string;
}

/**
 * `DialogBase`, shared by `Dialog` (voice) and `MediaDialog` (chat, email):
 * `getId()`, `getState()`, `getMediaProperties()` (call variables flattened by
 * name, plus `callType`, `mediaId`, `dialedNumber` …), `addHandler('change', …)`.
 */
export interface FinesseDialogBase {
  getId(): string;
  getState(): string;
  getMediaProperties(): Record<string, unknown>;
  addHandler(event: 'change', handler: (dialog: this) => void): void;
  removeHandler?(event: 'change', handler: (dialog: this) => void): void;
}

/** `finesse.restservices.Dialog`: a voice call. */
export interface FinesseDialog extends FinesseDialogBase {
  getFromAddress(): string | undefined;
  getToAddress?(): string | undefined;
  getParticipants?(): FinesseParticipant[];
  /** Deprecated in favour of `getMediaProperties().callType`. */
  getCallType?(): string | undefined;
}

/** `finesse.restservices.MediaDialog`: a chat or an email task. */
export type FinesseMediaDialog = FinesseDialogBase;

/** The REST `Media` object's data (an agent's state in one Media Routing Domain). */
export interface FinesseMediaData {
  id?: string;
  name?: string;
  description?: string;
}

/** `finesse.restservices.Media`: one non-voice Media Routing Domain (chat, email …). */
export interface FinesseMedia {
  getId(): string;
  getData?(): FinesseMediaData | undefined;
  getName?(): string | undefined;
  getMediaDialogs(
    handlers: FinesseCollectionHandlers<FinesseMediaDialog, FinesseCollection<FinesseMediaDialog>>,
  ): FinesseCollection<FinesseMediaDialog>;
}

/** `finesse.restservices.User`: the signed-in agent. */
export interface FinesseUser {
  getId(): string;
  getState(): string;
  getFirstName?(): string | undefined;
  getLastName?(): string | undefined;
  getExtension?(): string | undefined;
  getDialogs(handlers: FinesseCollectionHandlers<FinesseDialog, FinesseCollection<FinesseDialog>>): FinesseCollection<FinesseDialog>;
  getMediaList?(handlers: FinesseCollectionHandlers<FinesseMedia, FinesseCollection<FinesseMedia>>): FinesseCollection<FinesseMedia>;
  /** `RestBase.refresh(retries)`: GETs the user again, then its `change` handlers run. */
  refresh?(retries?: number): unknown;
}

/** `finesse.gadget.Config`: what the container passes to each gadget (documented fields only). */
export interface FinesseGadgetConfig {
  id?: string;
  authorization?: string;
  authToken?: string;
  country?: string;
  language?: string;
  locale?: string;
  host?: string;
  hostPort?: string;
  scheme?: string;
  extension?: string;
  restHost?: string;
  [key: string]: unknown;
}

/** `finesse.containerservices.ContainerServices` instance (from `ContainerServices.init()`). */
export interface FinesseContainerServices {
  addHandler(topic: string, handler: (data?: unknown) => void): void;
  makeActiveTabReq?(): void;
}

/** The `finesse` global that finesse.js defines. */
export interface FinesseApi {
  clientservices: {
    ClientServices: { init(config: FinesseGadgetConfig, ...rest: unknown[]): unknown };
  };
  restservices: {
    User: new (options: FinesseObjectHandlers<FinesseUser> & { id: string }) => FinesseUser;
  };
  containerservices?: {
    ContainerServices: {
      init(): FinesseContainerServices;
      Topics: { ACTIVE_TAB: string; [topic: string]: string };
    };
  };
  gadget?: { Config?: FinesseGadgetConfig };
  cslogger?: { ClientLogger?: { init?(hub: unknown, name: string): void; log?(message: string): void } };
}

/** `gadgets.Prefs`: the gadget's user preferences (UserPref values, container-provided prefs). */
export interface GadgetPrefs {
  getString(name: string): string;
  getLang?(): string;
  getCountry?(): string;
}

/**
 * `gadgets.Hub` (feature `pubsub-2`): the gadget's OpenAjax Hub 2.0 `HubClient`.
 * `subscribe(topic, onData, scope, onComplete, subscriberData)` returns a
 * subscription id; `onData(topic, data, subscriberData)`; `onComplete(id,
 * success, error)` once the container has the subscription (asynchronous in
 * an iframe). `publish(topic, data)`; `unsubscribe(id, onComplete, scope)`.
 */
export interface GadgetsHub {
  subscribe(
    topic: string,
    onData: (topic: string, data: unknown) => void,
    scope?: unknown,
    onComplete?: (subscriptionId: string, success: boolean, error?: string) => void,
    subscriberData?: unknown,
  ): string;
  publish(topic: string, data: unknown): void;
  unsubscribe?(subscriptionId: string, onComplete?: (subscriptionId: string, success: boolean, error?: string) => void, scope?: unknown): void;
}

/**
 * What the desktop publishes on `finesse.info.connection` (developer.cisco.com/docs/finesse/connection-information):
 * `status` is the XMPP (BOSH / WebSocket) connection's: `connected`, `connecting`,
 * `disconnected`, `disconnecting`, `reconnecting`, `unloading`; finesse.js also
 * publishes `failing` / `recovered` around a failover (`ClientServices.getNotificationConnectionState()`)
 * and `conflict` / `unauthorized` for a refused connection. `resourceID` names the
 * connection once it is up and may change when it reconnects.
 */
export interface FinesseConnectionInfo {
  status: string;
  resourceID?: string;
}

/** The `gadgets` global the Finesse (Shindig) container provides to a gadget iframe. */
export interface GadgetsApi {
  HubSettings: { onConnect?: (() => void) | undefined };
  Hub?: GadgetsHub;
  Prefs: new () => GadgetPrefs;
  window: { adjustHeight(height?: number): void; setTitle?(title: string): void };
  loadingindicator?: { dismiss(): void };
}
