import { CLOSED_KEPT, type SessionCore } from './core.js';
import { duplicateForms } from './duplicates.js';
import type { HistoryTracker } from './history.js';

/**
 * What a session keeps besides its open work areas, counted (issue #20: an
 * eight-hour shift must not grow it). Each figure is bounded by the work open
 * now, except `interactions`, which also remembers up to `closedKept` closed ones.
 */
export interface SessionFootprint {
  /** Interactions known: opening, open, and closed ones remembered (at most `closedKept` of those). */
  interactions: number;
  closedKept: number;
  /** Listeners of the session's state (the element's, the trackers'). */
  listeners: number;
  /** Host-event work under way. */
  working: number;
  /** Interactions ended before their work area opened, accepted here and not closed, saved work areas not restored yet. */
  endedEarly: number;
  acceptedHere: number;
  unrestored: number;
  /** Delivery cautions shown. */
  deliveryReports: number;
  /** History chart reads under way. */
  historyReads: number;
  /** Forms of new contacts asked about for likely duplicates, and answered. */
  duplicateForms: number;
  /** Offer countdowns running (Care mode). */
  offerTimers: number;
}

export function footprint(core: SessionCore, history: HistoryTracker): SessionFootprint {
  const duplicates = duplicateForms(core);
  return {
    interactions: core.interactions.size,
    closedKept: CLOSED_KEPT,
    listeners: core.listeners.size,
    working: core.working.size,
    endedEarly: core.endedEarly.size,
    acceptedHere: core.acceptedHere.size,
    unrestored: core.unrestored.size,
    deliveryReports: core.deliveryReports.size,
    historyReads: history.size,
    duplicateForms: duplicates.asked + duplicates.shown,
    offerTimers: core.care.runningTimers,
  };
}
