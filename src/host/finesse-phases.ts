/**
 * The pure side of the Finesse bridge: what a Finesse dialog, media or user
 * means for the gadget (an interaction's phase, its channel, the customer it
 * is about, the agent's state) and the configuration the gadget reads from
 * its container. No state and no side effects: exported for tests and for
 * hosts that build their own bridge. The bridge (finesse-bridge.ts) re-exports
 * all of it.
 */
import type { Contact, InteractionChannel } from '../model/index.js';
import type {
  FinesseApi,
  FinesseDialog,
  FinesseDialogBase,
  FinesseGadgetConfig,
  FinesseMedia,
  FinesseMediaDialog,
  GadgetPrefs,
} from './finesse-types.js';

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

/** How far an interaction has gone, as the bridge has reported it. */
export type InteractionPhase = 'offered' | 'started' | 'ended';

/** `getMediaProperties().callType` of a supervisor's silent-monitor session. */
export const SUPERVISOR_MONITOR = 'SUPERVISOR_MONITOR';

// ---- pure helpers (exported for tests and for hosts that build their own bridge) ----

/** A trimmed, non-empty string (numbers as text), else undefined. */
export function text(value: unknown): string | undefined {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** `read()`, or undefined when it throws (the Finesse library throws on objects not loaded yet). */
export function attempt<T>(read: () => T): T | undefined {
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
