import { define } from '../shared/define.js';
import { TaskQueue } from './task-queue.js';

export { TaskQueue } from './task-queue.js';
export type {
  AcceptDetail,
  AcceptEvent,
  AgentStateDetail,
  AgentStateEvent,
  PreviewCloseDetail,
  PreviewCloseEvent,
  PreviewMoreDetail,
  PreviewMoreEvent,
  RequestChoiceDetail,
  RequestChoiceEvent,
  TaskPreview,
  TaskSelectDetail,
  TaskSelectEvent,
  TaskWork,
} from './task-queue.js';

define('task-queue', TaskQueue);

declare global {
  interface HTMLElementTagNameMap {
    'task-queue': TaskQueue;
  }
}
