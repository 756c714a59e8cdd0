import type { Request } from '../model/index.js';
import type { WorkspaceCore } from './types.js';
import { hasInput, slotOf } from './workspace.js';

/**
 * R2.5 with a choice, after the fact (the host accepted the interaction
 * already): the request the current interaction's activity was put into by
 * R2.5's rule, while the agent may still move it into a new request ("Added
 * to request …, Start a new request instead"); `null` when that no longer
 * applies. Pure: read from the work area alone, so it holds the same after a
 * reload.
 *
 * It applies while the activity of this work area's interaction sits in an
 * open request the interaction did not create, that nobody wrote since the
 * activity was recorded (the agent has not saved anything there), with no
 * unsaved input on it, and no caution or choice pending on the request or the
 * activity (those are settled first: R4.2).
 */
export function newRequestOffer(workspace: WorkspaceCore): Request | null {
  const { interaction, createdRequestId, cautions, choices } = workspace;
  const customer = slotOf(workspace, 'customer').base;
  const request = slotOf(workspace, 'request');
  const activity = slotOf(workspace, 'activity').base;
  if (!interaction || !customer || !request.base || !activity) return null;
  if (activity.interactionId !== interaction.interactionId || activity.requestId !== request.base.id) return null;
  if (request.base.id === createdRequestId || request.base.status !== 'open') return null;
  // Written since the activity went in (a Save of the title, another agent's change): the agent has worked there.
  if (request.base.updatedAt > activity.createdAt) return null;
  if (hasInput('request', request)) return null;
  const pending = (kind: string) => cautions.some((c) => c.kind === kind) || choices.some((c) => c.kind === kind);
  if (pending('request') || pending('activity')) return null;
  return request.base;
}
