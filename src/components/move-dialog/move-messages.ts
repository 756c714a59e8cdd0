import { msg } from '@lit/localize';
import type { MoveRefusal } from '../../session/session.js';

/** What the agent is told when a move was refused (`MoveOutcome.reason`). */
export function moveRefusalText(reason: MoveRefusal): string {
  switch (reason) {
    case 'source-closed':
      return msg('This activity is in a closed request: closed requests are locked, it cannot be moved.');
    case 'target-closed':
      return msg('That request is closed: closed requests are locked. Nothing was moved.');
    case 'same-place':
      return msg('The activity is there already. Nothing was moved.');
    case 'not-found':
      return msg('The activity, the request or the customer no longer exists (or was merged). Nothing was moved.');
    case 'invalid':
      return msg('A new request needs a title. Nothing was moved.');
    case 'unsaved':
      return msg('Save or discard your changes to this contact before moving it to another customer.');
    case 'busy':
      return msg('Wait until saving has finished, then move the activity.');
    case 'conflict':
      return msg('Another agent changed this activity first. Nothing was moved: check their changes, then move it again.');
    case 'error':
      return msg('The activity could not be moved: the data service did not answer. Nothing was lost; try again.');
  }
}

/** Said once an activity was moved. */
export function movedText(): string {
  return msg('Activity moved.');
}
