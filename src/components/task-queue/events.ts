import type { AcceptDetail, AgentStateDetail } from '../../model/index.js';
import type { TaskStatus } from '../../session/agent-state.js';

// The events and the shapes <task-queue> reports and takes (its element class is in task-queue.ts).

/** Detail of `cc-task-select`: the task the agent selected, in the Queue or In progress. */
export interface TaskSelectDetail {
  interactionId: string;
  status: TaskStatus;
}

/** Detail of `cc-preview-more`: the preview's journey needs older entries. */
export interface PreviewMoreDetail {
  interactionId: string;
}

/** Detail of `cc-preview-close`: the agent closed the preview of this queued task (Close preview, Escape). */
export interface PreviewCloseDetail {
  interactionId: string;
}

/**
 * Detail of `cc-request-choice`: before Accept, the agent chose where the
 * contact goes: the open request the preview shows (`requestId`), or a new
 * request (`requestId: null`).
 */
export interface RequestChoiceDetail {
  interactionId: string;
  requestId: string | null;
}

/** The state of a task's work, shown on its line In progress (as the pane's Open list shows a customer's): listed once, with its marks. */
export interface TaskWork {
  /** The customer exists (an unknown contact's is not created yet). */
  created: boolean;
  unsaved: boolean;
  /** Another agent saved first (R4.1). */
  caution: boolean;
}

export type AgentStateEvent = CustomEvent<AgentStateDetail>;
export type AcceptEvent = CustomEvent<AcceptDetail>;
export type TaskSelectEvent = CustomEvent<TaskSelectDetail>;
export type PreviewMoreEvent = CustomEvent<PreviewMoreDetail>;
export type PreviewCloseEvent = CustomEvent<PreviewCloseDetail>;
export type RequestChoiceEvent = CustomEvent<RequestChoiceDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'cc-agent-state': AgentStateEvent;
    'cc-accept': AcceptEvent;
    'cc-task-select': TaskSelectEvent;
    'cc-preview-more': PreviewMoreEvent;
    'cc-preview-close': PreviewCloseEvent;
    'cc-request-choice': RequestChoiceEvent;
  }
}
