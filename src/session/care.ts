import { fullName, type InteractionOffered } from '../model/index.js';
import type { AgentStateChange, Task } from './agent-state.js';
import { chooseRequest, mostRecentlyOpened, type RequestChoice } from './attach.js';
import type { SessionCore } from './core.js';
import { beginInteraction } from './interactions.js';
import { readJourney } from './journey.js';
import type { AcceptOutcome, InteractionInfo, TaskPreview } from './types.js';

/**
 * Customer Care (R9): the agent state machine's changes in the session's
 * state, Accept opening the task's work area, and the read-only preview of a
 * queued task.
 */

export function onCareChange(core: SessionCore, change: AgentStateChange): void {
  const snapshot = core.care.snapshot;
  const offers = offersFrom(snapshot.tasks);
  core.set({
    agentState: snapshot.state,
    agentStateReason: snapshot.reason,
    tasks: snapshot.tasks,
    offers,
    hostReason: snapshot.hostReason,
    offerTimeoutMs: snapshot.offerTimeoutMs,
  });
  if (change.type === 'accepted') {
    const task = change.task;
    const info: InteractionInfo = { interactionId: task.interactionId, channel: task.channel, from: task.from, subject: task.subject, at: task.at, ended: false };
    core.acceptedHere.set(task.interactionId, beginInteraction(core, info));
  }
}

/** The Queue as the host's `interaction.offered` events (kept for the order checks and hosts reading `offers`). */
function offersFrom(tasks: readonly Task[]): InteractionOffered[] {
  return tasks
    .filter((t) => t.status !== 'in-progress')
    .map((t) => ({
      type: 'interaction.offered',
      interactionId: t.interactionId,
      channel: t.channel,
      from: t.from,
      ...(t.subject ? { subject: t.subject } : {}),
      at: t.at,
      ...(t.autoAssigned ? { autoAssigned: true } : {}),
    }));
}

/** Looks up the customer of an offered task, so the Queue can name them. */
export async function identify(core: SessionCore, offer: InteractionOffered): Promise<void> {
  try {
    const [customer] = await core.store.findByContact(offer.from);
    core.care.identify(offer.interactionId, customer ? { id: customer.id, name: fullName(customer) } : null);
  } catch (error) {
    core.storeFailed(error);
  }
}

/** Accept (R9.3); see `AgentSession.accept`. `choice`: the request the agent chose in the preview (R2.5 when none). */
export async function accept(core: SessionCore, interactionId: string, choice?: RequestChoice): Promise<AcceptOutcome> {
  // Recorded before the machine accepts: its `accepted` change opens the work area at once.
  chooseRequest(core.store, interactionId, choice);
  const result = core.care.accept(interactionId);
  if (!result.ok) {
    chooseRequest(core.store, interactionId, undefined);
    return result;
  }
  await core.acceptedHere.get(interactionId);
  const key = core.interactions.get(interactionId);
  return { ok: true, workspace: key ? core.workspace(key) : undefined };
}

/** What a queued task would open (R9.2); see `AgentSession.preview`. Reads only. */
export async function preview(core: SessionCore, interactionId: string): Promise<TaskPreview | undefined> {
  const task = core.care.task(interactionId);
  if (!task) return undefined;
  const [customer] = await core.store.findByContact(task.from);
  const activity = (await core.store.activityByInteraction(interactionId)) ?? null;
  if (!customer) return { interactionId, customer: null, request: null, activity, journey: [], journeyHasMore: false };
  core.previewing = { interactionId, customerId: customer.id };
  core.watchOpen();
  const [requests, journey] = await Promise.all([core.store.requestsOf(customer.id), readJourney(core.store, customer.id)]);
  const request = (activity?.requestId && requests.find((r) => r.id === activity.requestId)) || mostRecentlyOpened(requests) || null;
  return { interactionId, customer, request, activity, ...journey };
}

/** The next page of a preview's journey (reads only). */
export async function previewMore(core: SessionCore, preview: TaskPreview): Promise<TaskPreview> {
  if (!preview.customer || !preview.journeyHasMore) return preview;
  return { ...preview, ...(await readJourney(core.store, preview.customer.id, preview.journey)) };
}
