import { actionId, interactionAction } from './action-ids.js';
import type { Activity, InteractionChannel, Request } from '../model/index.js';
import type { ContextStore } from '../store/context-store.js';

/** The open request an accepted interaction goes into: the most recently opened one (R2.5). */
export function mostRecentlyOpened(requests: readonly Request[]): Request | undefined {
  let best: Request | undefined;
  for (const request of requests) {
    if (request.status !== 'open') continue;
    if (!best || request.openedAt > best.openedAt || (request.openedAt === best.openedAt && request.createdAt > best.createdAt)) {
      best = request;
    }
  }
  return best;
}

export interface AcceptedInteraction {
  interactionId: string;
  channel: InteractionChannel;
  subject?: string | undefined;
  at: string;
}

/**
 * Which request an accepted interaction goes into, when the agent chose
 * before Accept (Customer Care's preview): `new` for a new request, or the
 * open request the preview showed (`requestId`: used while it is still open,
 * else R2.5's rule). No choice: R2.5's rule.
 */
export type RequestChoice = 'new' | { requestId: string };

/** Choices made for interactions not attached yet, per store (see `chooseRequest`). */
const chosen = new WeakMap<ContextStore, Map<string, RequestChoice>>();

/**
 * Records the agent's choice for an interaction about to be accepted: the
 * next `attachInteraction` of it on `store` follows it (once). Care's Accept
 * sets it just before the session opens the work area.
 */
export function chooseRequest(store: ContextStore, interactionId: string, choice: RequestChoice | undefined): void {
  let choices = chosen.get(store);
  if (!choice) {
    choices?.delete(interactionId);
    return;
  }
  if (!choices) chosen.set(store, (choices = new Map()));
  choices.set(interactionId, choice);
}

function takeChoice(store: ContextStore, interactionId: string, given: RequestChoice | undefined): RequestChoice | undefined {
  const choices = chosen.get(store);
  const stored = choices?.get(interactionId);
  choices?.delete(interactionId);
  return given ?? stored;
}

/** The open request a choice names, or R2.5's (undefined: a new one is to be created). */
export function chosenRequest(requests: readonly Request[], choice: RequestChoice | undefined): Request | undefined {
  if (choice === 'new') return undefined;
  const named = choice && requests.find((r) => r.id === choice.requestId && r.status === 'open');
  return named || mostRecentlyOpened(requests);
}

export interface Attachment {
  activity: Activity;
  request: Request;
  /** True when no request was open and a new one was created for the activity. */
  requestCreated: boolean;
}

/**
 * R2.5: records an accepted interaction as an activity of the customer, in the
 * most recently opened open request, or in a new request when none is open.
 * The agent's `choice` (or one recorded with `chooseRequest`) goes first: a
 * new request, or the open request they saw. Accepting the same interaction
 * twice returns the first attachment.
 */
export async function attachInteraction(
  store: ContextStore,
  customerId: string,
  interaction: AcceptedInteraction,
  by: string,
  choice?: RequestChoice,
): Promise<Attachment> {
  const wanted = takeChoice(store, interaction.interactionId, choice);
  // Both lookups at once: a new interaction (the usual case) needs both answers.
  const [existing, requests] = await Promise.all([store.activityByInteraction(interaction.interactionId), store.requestsOf(customerId)]);
  if (existing?.requestId) {
    const request = await store.get('request', existing.requestId);
    if (request) return { activity: existing, request, requestCreated: false };
  }
  let request = chosenRequest(requests, wanted);
  const requestCreated = request === undefined;
  request ??= await store.create(
    'request',
    {
      customerId,
      title: interaction.subject ?? '',
      description: '',
      status: 'open',
      openedAt: interaction.at,
      closedAt: null,
    },
    // Fixed by the interaction: a retry (lost answer, reload, the agent's other tab) meets this request, not a second one.
    { by, id: actionId('request', by, interactionAction(interaction)) },
  );
  const activity = existing
    ? await store.update('activity', existing.id, existing.rev, { ...existing, requestId: request.id }, { by })
    : await store.create(
      'activity',
      {
        customerId,
        requestId: request.id,
        channel: interaction.channel,
        interactionId: interaction.interactionId,
        at: interaction.at,
        subject: interaction.subject ?? '',
        notes: '',
        tags: [],
      },
      { by, id: actionId('activity', by, interactionAction(interaction)) },
    );
  return { activity, request, requestCreated };
}
