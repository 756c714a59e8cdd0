import type { TaskQueue } from '../../../src/components/task-queue/task-queue.js';
import type { AgentStateMachine } from '../../../src/session/agent-state.js';

/**
 * Plays, for a `<task-queue>` on its own, the part `<customer-context>` plays
 * in the gadget: on every change of `machine`, its state goes to the
 * element's properties; what the element reports is done on the machine:
 * Ready / Not Ready (`cc-agent-state`, reason `agent`) and Accept (`cc-accept`,
 * once every listener has had its say: one on the element may cancel it).
 * Returns a function that stops it.
 */
export function drive(el: TaskQueue, machine: AgentStateMachine): () => void {
  const show = () => {
    const { tasks, state, reason, hostReason, offerTimeoutMs } = machine.snapshot;
    Object.assign(el, { tasks, agentState: state, agentStateReason: reason, hostReason, offerTimeoutMs, clock: machine.clock });
  };
  show();
  const off = machine.subscribe(show);
  const fromEl = (event: Event) => event.composedPath()[0] === el;
  const onAccept = (event: GlobalEventHandlersEventMap['cc-accept']) => {
    if (fromEl(event) && !event.defaultPrevented) machine.accept(event.detail.interactionId);
  };
  const onState = (event: GlobalEventHandlersEventMap['cc-agent-state']) => {
    if (fromEl(event) && event.detail.reason === 'agent') machine.setState(event.detail.state, 'agent');
  };
  // On the document: after the listeners on the element (bubbling).
  document.addEventListener('cc-accept', onAccept);
  document.addEventListener('cc-agent-state', onState);
  return () => {
    off();
    document.removeEventListener('cc-accept', onAccept);
    document.removeEventListener('cc-agent-state', onState);
  };
}
