/**
 * Unsaved drafts kept on a shared backend, one document per agent, so that an
 * agent's unsaved input follows them to another Finesse node (another origin,
 * whose localStorage and IndexedDB are not this one's) and to another machine.
 * The session decides what goes in (`value`, the versioned drafts as
 * `saved-drafts.ts` writes them) and when; the store only keeps it.
 */
export interface RemoteDraft {
  /** When the session saved this value (ISO time): compared with the local drafts' on restore. */
  updatedAt: string;
  /** The versioned drafts, read back with the same reader as the local ones. */
  value: unknown;
  /** Writes waiting in the outbox of the desktop that wrote this document (issue 17 item 4b). */
  waiting?: { count: number; origin: string } | undefined;
}

/** The per-agent draft documents of a shared backend (absent for the embedded IndexedDB store). */
export interface RemoteDrafts {
  /** This agent's document, or `undefined` when there is none. Rejects with `StorageError` when unreachable. */
  read(agentId: string): Promise<RemoteDraft | undefined>;
  /** Replaces this agent's document. `keepalive`: the page is going away (the request may outlive it). */
  write(agentId: string, draft: RemoteDraft, options?: { keepalive?: boolean }): Promise<void>;
  /** Removes this agent's document (nothing unsaved any more); no document is not an error. */
  remove(agentId: string, options?: { keepalive?: boolean }): Promise<void>;
}

/** The document id of an agent's drafts. */
export function draftsDocId(agentId: string): string {
  return `drafts:${agentId}`;
}
