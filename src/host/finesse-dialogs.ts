/**
 * The Finesse bridge's subscriptions to the agent's dialogs and `advance`,
 * which turns what they report into host events: voice dialogs
 * (`user.getDialogs`), chat and email dialogs (`user.getMediaList` → each
 * media's `getMediaDialogs`), one `change` handler per dialog, and the phase
 * each interaction has reached, so that a re-read after a reconnect sends only
 * what is new. Owned by its `FinesseBridge` (finesse-bridge.ts), which loads
 * the user and hands it over.
 */
import type { Contact, HostEvent, InteractionChannel } from '../model/index.js';
import type { FinesseCollection, FinesseDialog, FinesseDialogBase, FinesseMedia, FinesseMediaDialog, FinesseUser } from './finesse-types.js';
import {
  attempt,
  contactOf,
  contactVariables,
  customerAddress,
  isSupervisorMonitor,
  mediaChannel,
  mediaPhase,
  mediaProperties,
  text,
  voicePhase,
  type ContactVariables,
  type InteractionPhase,
} from './finesse-phases.js';

type Change<T> = (item: T) => void;

interface Watched {
  remove: () => void;
}

/** What the dialogs need from their bridge. */
export interface DialogHooks {
  /** True once the bridge has stopped: no more handlers, no more events. */
  stopped(): boolean;
  /** Hands a host event to the element. */
  send(event: HostEvent): void;
  /** Reports a problem (the bridge's logger). */
  log(message: string): void;
  /** A collection could not be read (logged; retried right after a reconnect). */
  readFailed(message: string): void;
  /** Clock for the `at` of host events. */
  now(): Date;
}

/** The agent's voice, chat and email dialogs, as one bridge watches them. */
export class FinesseDialogs {
  /** The variable names in effect (set when the bridge connects). */
  variables: ContactVariables = contactVariables(undefined);
  /** The agent's extension: from the configuration, then from the user. */
  extension: string | undefined;
  private readonly hooks: DialogHooks;
  private readonly phases = new Map<string, InteractionPhase>();
  private readonly ignored = new Set<string>();
  private readonly watched = new Map<string, Watched>();
  private readonly mediaWatched = new Set<string>();
  /** The collections read so far, re-read (`refresh()`) after a reconnect. */
  private readonly mediaDialogs = new Map<string, { dialogs: FinesseCollection<FinesseMediaDialog>; watch: Change<FinesseMediaDialog> }>();
  private voiceDialogs: FinesseCollection<FinesseDialog> | undefined;
  private mediaList: FinesseCollection<FinesseMedia> | undefined;

  constructor(hooks: DialogHooks) {
    this.hooks = hooks;
  }

  /** The phase reported for an interaction (dialog id). */
  phaseOf(interactionId: string): InteractionPhase | undefined {
    return this.phases.get(interactionId);
  }

  /**
   * Reads the voice dialogs, the media list and each media's dialogs again.
   * finesse.js reconciles each collection (updated dialogs call their `change`
   * handler, new ones `onCollectionAdd`, gone ones `onCollectionDelete`), and
   * `advance` sends only what moves an interaction forward. A collection
   * without `refresh()` is looked at again as the library holds it.
   */
  refresh(): void {
    const again = <T>(what: string, collection: FinesseCollection<T> | undefined, visit: Change<T>) => {
      if (!collection) return;
      try {
        if (typeof collection.refresh === 'function') collection.refresh();
        else this.eachOf(collection, visit);
      } catch (error) {
        this.hooks.readFailed(`${what} could not be read again: ${String(error)}`);
      }
    };
    again('the dialogs', this.voiceDialogs, (dialog) => this.watchDialog(dialog));
    again('the media list', this.mediaList, (media) => this.watchMediaDialogs(media));
    for (const [mediaId, { dialogs, watch }] of this.mediaDialogs) again(`the dialogs of media ${mediaId}`, dialogs, watch);
  }

  /** Removes every dialog's `change` handler. */
  stop(): void {
    for (const watched of this.watched.values()) watched.remove();
    this.watched.clear();
  }

  // ---- voice -----------------------------------------------------------------------

  /** `user.getDialogs(…)`: the agent's voice dialogs, each watched for changes. */
  watchVoice(user: FinesseUser): void {
    try {
      const dialogs = user.getDialogs({
        onLoad: (collection) => this.eachOf(collection, (dialog) => this.watchDialog(dialog)),
        onCollectionAdd: (dialog) => this.watchDialog(dialog),
        onCollectionDelete: (dialog) => this.dialogGone(dialog),
        onError: () => this.hooks.readFailed('the dialogs could not be loaded'),
      });
      // A collection already loaded (cached by the library) does not call onLoad again.
      if (dialogs) {
        this.voiceDialogs = dialogs;
        this.eachOf(dialogs, (dialog) => this.watchDialog(dialog));
      }
    } catch (error) {
      this.hooks.log(`getDialogs failed: ${String(error)}`);
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

  /** `user.getMediaList(…)`, then each media's `getMediaDialogs(…)`: the agent's chats and emails. */
  watchMedia(user: FinesseUser): void {
    if (typeof user.getMediaList !== 'function') return;
    try {
      const list = user.getMediaList({
        onLoad: (collection) => this.eachOf(collection, (media) => this.watchMediaDialogs(media)),
        onCollectionAdd: (media) => this.watchMediaDialogs(media),
        onError: () => this.hooks.readFailed('the media list could not be loaded'),
      });
      if (list) {
        this.mediaList = list;
        this.eachOf(list, (media) => this.watchMediaDialogs(media));
      }
    } catch (error) {
      this.hooks.log(`getMediaList failed: ${String(error)}`);
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
        onError: () => this.hooks.readFailed(`the dialogs of media ${mediaId} could not be loaded`),
      });
      if (dialogs) {
        this.mediaDialogs.set(mediaId, { dialogs, watch });
        this.eachOf(dialogs, watch);
      }
    } catch (error) {
      this.hooks.log(`getMediaDialogs(${mediaId}) failed: ${String(error)}`);
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
    if (this.hooks.stopped()) return;
    const id = text(attempt(() => dialog.getId()));
    if (!id) return;
    if (!this.watched.has(id) && !this.ignored.has(id)) {
      const handler = () => {
        if (!this.hooks.stopped()) changed();
      };
      try {
        dialog.addHandler('change', handler);
      } catch (error) {
        this.hooks.log(`cannot watch dialog ${id}: ${String(error)}`);
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
    const at = this.hooks.now().toISOString();
    if (phase === 'ended') {
      if (current === 'started') this.hooks.send({ type: 'interaction.ended', interactionId: id, at });
      else if (current === 'offered') this.hooks.send({ type: 'interaction.withdrawn', interactionId: id });
      this.phases.set(id, 'ended');
      return;
    }
    const { channel, from, subject } = describe();
    const base = { interactionId: id, channel, from, at, ...(subject ? { subject } : {}) };
    // Finesse routes and times out (RONA) its own offers: never `autoAssigned`,
    // so the gadget's own offer timer stays out of Finesse calls.
    this.hooks.send(phase === 'offered' ? { type: 'interaction.offered', ...base } : { type: 'interaction.started', ...base });
    this.phases.set(id, phase);
  }
}
