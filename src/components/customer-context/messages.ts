import { msg, str } from '@lit/localize';
import { plural } from '../shared/plural.js';
import { recordName } from '../shared/labels.js';
import { fullName } from '../../model/index.js';
import { customerLabel } from '../shared/customer-label.js';
import type { Kind } from '../../model/index.js';
import type { SaveRefusal, Workspace } from '../../session/session.js';
import type { SearchMatch, SyncStatus } from '../customer-pane/customer-pane.js';
import type { ConfigProblem } from './backend-controller.js';

/**
 * The sentences the gadget says about the agent's work: cautions, choices,
 * refusals, the backend's state. Whole sentences per case, never a noun
 * spliced into one: languages with gender and case cannot do that. Field
 * names are in `shared/labels.ts` (`fieldLabel`).
 */

/** Another agent saved the record first (R4.1). */
export function cautionText(kind: Kind, by: string): string {
  switch (kind) {
    case 'customer':
      return msg(str`Caution: ${by} changed this customer after you started editing it.`);
    case 'request':
      return msg(str`Caution: ${by} changed this request after you started editing it.`);
    case 'activity':
      return msg(str`Caution: ${by} changed this activity after you started editing it.`);
  }
}

/** The fields both agents changed, to choose side by side (R4.2): the group's name and what to do. */
export function choiceText(kind: Kind): { label: string; prompt: string } {
  switch (kind) {
    case 'customer':
      return { label: msg('Customer fields both of you changed'), prompt: msg('Both of you changed these fields of the customer. Choose which to keep.') };
    case 'request':
      return { label: msg('Request fields both of you changed'), prompt: msg('Both of you changed these fields of the request. Choose which to keep.') };
    case 'activity':
      return { label: msg('Activity fields both of you changed'), prompt: msg('Both of you changed these fields of the activity. Choose which to keep.') };
  }
}

/** A field's value as text, side by side in a choice. */
export function shown(value: unknown): string {
  if (Array.isArray(value)) return value.join(', ');
  if (value && typeof value === 'object') return Object.entries(value).map(([k, v]) => `${k}: ${String(v)}`).join(', ');
  return value === null || value === undefined || value === '' ? msg('(empty)') : String(value);
}

/** What the agent is told when the storage itself fails; the input always stays. */
export function storageText(error: Error | undefined): string {
  // The store's `StorageError` (by name: elements do not import the store) says why.
  const reason = error?.name === 'StorageError' ? (error as Error & { reason?: string }).reason : 'unknown';
  switch (reason) {
    case 'quota':
      return msg('This browser has no room left to store data. Your input is kept on screen: free some space (or ask your administrator), then Save again.');
    case 'blocked':
      return msg('A newer version of Customer Context is open in another tab. Reload this tab to go on; your unsaved input comes back.');
    case 'denied':
      return msg('The data service refused your sign-in. Sign in to the desktop again, then Save; your input is kept.');
    case 'unavailable':
      return msg('The data service cannot be reached. Your input is kept and will be saved when it is back.');
    case 'refused': {
      // The server's own words (its `validate_doc_update`), shown as text.
      const why = (error as Error & { detail?: string }).detail ?? '';
      return msg(str`The data service refused this change: ${why}. Your input is kept: correct it, then Save again.`);
    }
    case 'setup':
      return msg('The shared database is not set up for this version of Customer Context. Your input is kept; ask your administrator to run its setup.');
    default:
      return msg('The change could not be saved. Your input is kept.');
  }
}

/**
 * A change saved while the data service was unreachable was refused when it was
 * delivered (its rules, a bad request, too large): the server's reason, shown as
 * text; the agent's input is back in the form, unsaved.
 */
export function deliveryRefusedText(kind: Kind, reason: string): string {
  switch (kind) {
    case 'customer':
      return msg(str`The data service refused a change you saved offline to this customer: ${reason}. Your input is kept: correct it and Save again, or discard it.`);
    case 'request':
      return msg(str`The data service refused a change you saved offline to this request: ${reason}. Your input is kept: correct it and Save again, or discard it.`);
    case 'activity':
      return msg(str`The data service refused a change you saved offline to this activity: ${reason}. Your input is kept: correct it and Save again, or discard it.`);
  }
}

/** Why nothing was saved, in the work area's notice (a missing name is said by the form itself). */
export function refusalText(reason: SaveRefusal, error: Error | undefined): string {
  switch (reason) {
    case 'caution':
    case 'conflict':
      return msg('Another agent changed this record. Load their changes before saving.');
    case 'choice':
      return msg('Nothing was saved: both of you changed some fields. Choose which version to keep for each, then Save.');
    case 'invalid':
      return msg('Some input breaks a limit. Check the highlighted fields.');
    case 'damaged':
      return msg('Nothing was saved: this record was stored with data that breaks the rules. Check the repaired values shown, choose "Use the repaired values", then Save.');
    case 'error':
      return storageText(error);
  }
}

/** Which field of a customer a search result matched. */
export function matchedLabel(field: SearchMatch): string {
  switch (field) {
    case 'name':
      return msg('name');
    case 'phone':
      return msg('phone');
    case 'email':
      return msg('email');
    case 'request':
      return msg('request title');
    case 'tag':
      return msg('tag');
  }
}

/** The shared backend's state (R11.3), shown in the pane and announced when it changes. */
export function syncText(status: SyncStatus): string {
  const state = stateText(status);
  const others = status.waitingForOthers ?? 0;
  // Another agent's writes wait for them (#21 item 1): said, never sent with this agent's sign-in.
  return others ? `${state} · ${msg(str`${others} changes of another agent wait for them to sign in here`)}` : state;
}

function stateText(status: SyncStatus): string {
  const waiting = status.pending;
  switch (status.state) {
    case 'online':
      return msg('Online');
    case 'offline':
      return waiting ? msg(str`Offline, ${waiting} changes waiting`) : msg('Offline');
    case 'delivering':
      return msg(str`Delivering ${waiting} changes`);
    case 'signed-out':
      // 401: the data service refused the sign-in; the writes wait for a new one (not retried before).
      return waiting ? msg(str`Sign in again: ${waiting} changes waiting`) : msg('Sign in again');
  }
}

/** How a work area is named in the Open list and in announcements: the saved name, else `customerLabel` of what is typed (name, email, phone, chat id, "Unknown customer"; issue #19). */
export function workspaceName(w: Workspace): string {
  return (w.customer ? recordName(w.customer, fullName(w.customer)) : '') || customerLabel(w.customerDraft);
}

/** The agent desktop's connection, as the Finesse bridge reports it (`cc-host-connection`). */
export type HostConnection = 'connected' | 'reconnecting' | 'disconnected';

/** What the agent is told while the desktop is not connected: call events may be late, nothing is lost. */
export function hostConnectionText(state: HostConnection): string {
  switch (state) {
    case 'reconnecting':
      return msg('Reconnecting to the desktop: new calls and chats may appear late.');
    case 'disconnected':
      return msg('The desktop lost its connection: new calls and chats may appear late until it reconnects.');
    case 'connected':
      return msg('The desktop is connected again: calls are up to date.');
  }
}

/**
 * After a failover to another desktop (another origin): changes the agent saved
 * on the first one while the backend was unreachable wait in that desktop's
 * browser, and are delivered when it is back online (docs/embedding-finesse.md).
 */
export function waitingElsewhereText(count: number, origin: string): string {
  return plural(count, {
    one: () => msg(str`1 change you saved on another desktop (${origin}) waits there: it is delivered when that desktop is back online.`),
    other: () => msg(str`${count} changes you saved on another desktop (${origin}) wait there: they are delivered when that desktop is back online.`),
  });
}

/** What is wrong with a configuration no backend can be made from, for the agent (never the URL itself: it may hold a password). */
export function configErrorText(problem: ConfigProblem | undefined): string {
  switch (problem) {
    case 'credentials-in-url':
      return msg('The shared database cannot be used: its address (couchdb-url) contains a user name or password. Sign-in must come from the desktop, not the address. Ask your administrator to correct the settings.');
    case 'not-a-url':
      return msg('The shared database cannot be used: its address (couchdb-url) is not a valid web address. Ask your administrator to correct the settings.');
    case 'database-name':
      return msg('The shared database cannot be used: its database name (couchdb-database) is not valid. Ask your administrator to correct the settings.');
    default:
      return msg('The gadget cannot start with its current settings. Ask your administrator to correct them.');
  }
}
