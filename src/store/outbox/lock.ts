/**
 * The outbox's Web Lock, shared by every tab on the same outbox: one delivers
 * at a time, and a sign-out clears nothing while a write is on its way.
 * Without Web Locks (an old browser), work runs at once.
 */
export function outboxLock(name: string): string {
  return `customer-context-outbox:${name}`;
}

/** Runs `work` holding the lock; `'closed'` when `signal` aborted the wait (the outbox closed). */
export async function withLock<T>(lock: string, signal: AbortSignal, work: () => Promise<T>): Promise<T | 'closed'> {
  const locks = globalThis.navigator?.locks;
  try {
    if (!locks) return await work();
    return (await locks.request(lock, { signal }, work)) as T;
  } catch (error) {
    if (signal.aborted) return 'closed';
    throw error;
  }
}

/** Runs `work` holding the lock if it is free within `timeoutMs`; else `'busy'` (a delivery holds it and does not finish). */
export async function withLockWithin<T>(lock: string, timeoutMs: number, work: () => Promise<T>): Promise<T | 'busy'> {
  const locks = globalThis.navigator?.locks;
  try {
    return locks ? ((await locks.request(lock, { signal: AbortSignal.timeout(timeoutMs) }, work)) as T) : await work();
  } catch (error) {
    if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'busy';
    throw error;
  }
}

/** Waits for `work`, at most `ms`. */
export async function atMost(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([work, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
