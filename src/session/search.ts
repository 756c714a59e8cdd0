import type { ContextStore, SearchHit } from '../store/context-store.js';

/** How many customers a search shows (R7.1). */
export const SEARCH_LIMIT = 20;

/** One page of search results: the hits, and whether the store had more than were shown. */
export interface SearchPage {
  /** The query as the agent typed it. */
  query: string;
  hits: SearchHit[];
  /**
   * More customers match than `hits` holds (the results are cut). Neither
   * store counts every match cheaply (a customer can match by name, phone,
   * email, request title and tag, each its own index), so the pane says
   * "first N" rather than "N of M".
   */
  more: boolean;
}

/** The first `limit` hits of `query`: one more is asked of the store to know whether the results are cut. */
export async function searchPage(store: ContextStore, query: string, limit = SEARCH_LIMIT): Promise<SearchPage> {
  if (!query.trim() || limit <= 0) return { query, hits: [], more: false };
  const hits = await store.search(query, limit + 1);
  return { query, hits: hits.slice(0, limit), more: hits.length > limit };
}
