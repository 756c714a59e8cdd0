/**
 * What the gadget keeps in the browser besides its stores' own databases, and
 * how a sign-out removes it (`<customer-context>.clearLocalData()`; the whole
 * list is in docs/security.md, "Stored data on a shared browser profile").
 */

/** The change feed's checkpoints: `customer-context-seq:<url>/<database>` (`create-store.ts`), one per CouchDB database. */
export const SEQ_CHECKPOINT_PREFIX = 'customer-context-seq:';

/** The part of `Storage` needed to find and remove keys. */
export interface KeyedStorage {
  readonly length: number;
  key(index: number): string | null;
  removeItem(key: string): void;
}

function localStorageOrNone(): KeyedStorage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

/**
 * Removes every key of `storage` (localStorage by default) that starts with
 * one of `prefixes`; returns how many. A browser that refuses storage keeps
 * none: nothing to remove.
 */
export function removeStoredKeys(prefixes: readonly string[], storage: KeyedStorage | undefined = localStorageOrNone()): number {
  if (!storage) return 0;
  const keys: string[] = [];
  try {
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      if (key !== null && prefixes.some((prefix) => key.startsWith(prefix))) keys.push(key);
    }
    for (const key of keys) storage.removeItem(key);
  } catch {
    return 0; // storage disabled meanwhile: it holds nothing readable
  }
  return keys.length;
}

/**
 * Empties every object store of the IndexedDB database `name` in one
 * transaction, keeping its schema, so that other tabs with it open are not
 * blocked (as deleting it would be). A database that does not exist is not
 * created. Resolves `true` when it existed.
 */
export function emptyIndexedDb(name: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    let missing = false;
    const request = indexedDB.open(name);
    request.onupgradeneeded = () => {
      // No such database: opening would create it; abort, which leaves none.
      missing = true;
      request.transaction?.abort();
    };
    request.onerror = (event) => {
      event.preventDefault();
      if (missing) resolve(false);
      else reject(request.error ?? new Error(`IndexedDB ${name} could not be opened`));
    };
    request.onsuccess = () => {
      const db = request.result;
      db.onversionchange = () => db.close();
      const names = [...db.objectStoreNames];
      if (!names.length) {
        db.close();
        return resolve(true);
      }
      const tx = db.transaction(names, 'readwrite');
      for (const store of names) tx.objectStore(store).clear();
      tx.oncomplete = () => {
        db.close();
        resolve(true);
      };
      tx.onabort = () => {
        db.close();
        reject(tx.error ?? new Error(`IndexedDB ${name} could not be emptied`));
      };
    };
  });
}
