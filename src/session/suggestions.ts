import type { ContextStore, TagSuggestion } from '../store/context-store.js';
import { realClock, type Clock } from './agent-state.js';
import { LatestOnly } from './latest-only.js';

/** How long after the agent's last keystroke the store is asked for tag suggestions. */
export const SUGGEST_DELAY_MS = 150;

/** How many tag suggestions are asked for. */
export const SUGGEST_LIMIT = 8;

export interface TagSuggesterOptions {
  /** Debounce (default `SUGGEST_DELAY_MS`). */
  delayMs?: number | undefined;
  /** Time source (a fake one in tests). */
  clock?: Clock | undefined;
}

/**
 * Tag suggestions for what the agent types in a tags field (issue #18): the
 * store (`tagSuggestions`) is asked `delayMs` after the last call (debounced:
 * typing "fact" asks once), and each call resolves with the suggestions for
 * its own prefix only while it is the latest call; a call made since wins:
 * the earlier one resolves `null`, even when its store answer arrives after
 * the later one's (a late answer for an older prefix never replaces a newer
 * one). A failing store gives no suggestions (`[]`): they are a help, never
 * in the way of typing a tag.
 */
export class TagSuggester {
  private readonly store: () => ContextStore;
  private readonly calls: LatestOnly<TagSuggestion[]>;

  constructor(store: () => ContextStore, options: TagSuggesterOptions = {}) {
    this.store = store;
    this.calls = new LatestOnly(options.delayMs ?? SUGGEST_DELAY_MS, options.clock ?? realClock);
  }

  /** The suggestions for `prefix`, or `null` when a later call superseded this one. An empty prefix: `[]` at once. */
  suggest(prefix: string, limit = SUGGEST_LIMIT): Promise<TagSuggestion[] | null> {
    return this.calls.call(() => this.store().tagSuggestions(prefix, limit), [], prefix.trim() ? undefined : []);
  }

  /** Drops the call waiting and any answer still to come (the field lost focus, the session ends). */
  cancel(): void {
    this.calls.cancel();
  }
}
