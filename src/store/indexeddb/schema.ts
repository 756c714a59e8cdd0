import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import { readRecord, type Activity, type AnyRecord, type Customer, type Kind, type Request } from '../../model/index.js';
import { activityMonth, searchKeys, tagSpellings, type SearchKeys } from '../keys.js';

/**
 * What `IndexedDbStore` keeps in IndexedDB: the records as stored (with their
 * derived keys), the database's object stores and indexes, its version and the
 * upgrade that brings an older database to it, keeping every record.
 */

/**
 * A record as stored: its search keys (`_k`), and an activity's tag spellings
 * (`_t`, for suggestions) and UTC month (`_m`, `YYYY-MM`, for the counts of the
 * history chart: the `byCustomerMonth` index).
 */
export type Stored<R extends AnyRecord> = R & { _k: SearchKeys; _t?: string[]; _m?: string };

/** What is stored for a record: the record, its search keys and (an activity) its tag spellings and month. */
export function toStored<R extends AnyRecord>(record: R): Stored<R> {
  return record.type === 'activity'
    ? { ...record, _k: searchKeys(record), _t: tagSpellings(record.tags), _m: activityMonth(record.at) }
    : { ...record, _k: searchKeys(record) };
}

export interface ContextDb extends DBSchema {
  customers: {
    key: string;
    value: Stored<Customer>;
    indexes: { names: string; phones: string; phoneTails: string; phoneEnds: string; emails: string; chatIds: string };
  };
  requests: {
    key: string;
    value: Stored<Request>;
    indexes: { byCustomer: string; titles: string };
  };
  activities: {
    key: string;
    value: Stored<Activity>;
    indexes: { byCustomerAt: [string, string, string]; tags: string; byInteraction: string; tagSpellings: string; byCustomerMonth: [string, string, string] };
  };
}

export type StoreName = 'customers' | 'requests' | 'activities';
export const STORE_OF: Record<Kind, StoreName> = { customer: 'customers', request: 'requests', activity: 'activities' };
/**
 * 2: the `phoneTails` index (numbers without their country code); 3: `phoneEnds` (the last digits of numbers) and `tagSpellings` (tag suggestions);
 * 4: `byCustomerMonth` (activities counted per month and channel, issue #19), and no search keys for a merged duplicate.
 */
export const DB_VERSION = 4;

/** A stored record without its search keys, read through the model (`readRecord`: anything another client stored that breaks the rules comes out repaired, with `damage`). */
export function strip<R extends AnyRecord>(stored: Stored<R>, kind: Kind = stored.type): R {
  const { _k: _ignored, _t: _spellings, _m: _month, ...record } = stored as Stored<R> & Record<string, unknown>;
  return readRecord(kind, record) as unknown as R;
}

/** Creates the stores and indexes a database of `oldVersion` lacks, and fills the new keys of the records it holds (`openDB`'s `upgrade`). */
export async function upgradeDb(
  db: IDBPDatabase<ContextDb>,
  oldVersion: number,
  tx: IDBPTransaction<ContextDb, ArrayLike<StoreNames<ContextDb>>, 'versionchange'>,
): Promise<void> {
  if (oldVersion < 1) {
    const customers = db.createObjectStore('customers', { keyPath: 'id' });
    customers.createIndex('names', '_k.names', { multiEntry: true });
    customers.createIndex('phones', '_k.phones', { multiEntry: true });
    customers.createIndex('emails', '_k.emails', { multiEntry: true });
    customers.createIndex('chatIds', '_k.chatIds', { multiEntry: true });
    const requests = db.createObjectStore('requests', { keyPath: 'id' });
    requests.createIndex('byCustomer', 'customerId');
    requests.createIndex('titles', '_k.titles', { multiEntry: true });
    const activities = db.createObjectStore('activities', { keyPath: 'id' });
    activities.createIndex('byCustomerAt', ['customerId', 'at', 'id']);
    activities.createIndex('tags', '_k.tags', { multiEntry: true });
    activities.createIndex('byInteraction', 'interactionId');
  }
  if (oldVersion < 2) tx.objectStore('customers').createIndex('phoneTails', '_k.phoneTails', { multiEntry: true });
  if (oldVersion < 3) {
    const customers = tx.objectStore('customers');
    customers.createIndex('phoneEnds', '_k.phoneEnds', { multiEntry: true });
    const activities = tx.objectStore('activities');
    activities.createIndex('tagSpellings', '_t', { multiEntry: true });
    // Records stored before get their new keys now (the stored record itself unchanged), in the
    // same upgrade; a failure aborts it (the database stays at its version, whole, and the next
    // open tries again).
    try {
      for (let cursor = await customers.openCursor(); cursor; cursor = await cursor.continue()) {
        await cursor.update({ ...cursor.value, _k: searchKeys(strip(cursor.value)) });
      }
      for (let cursor = await activities.openCursor(); cursor; cursor = await cursor.continue()) {
        const activity = strip(cursor.value);
        await cursor.update({ ...cursor.value, _k: searchKeys(activity), _t: tagSpellings(activity.tags) });
      }
    } catch (error) {
      tx.abort();
      throw error;
    }
  }
  if (oldVersion < 4) {
    const customers = tx.objectStore('customers');
    const activities = tx.objectStore('activities');
    activities.createIndex('byCustomerMonth', ['customerId', '_m', 'channel']);
    // As for 3: every activity gets its month (an index skips a record without it), a merged
    // duplicate loses its search keys (stored before as a live customer's), in this upgrade.
    try {
      if (oldVersion >= 1) {
        for (let cursor = await customers.openCursor(); cursor; cursor = await cursor.continue()) {
          if (cursor.value.mergedInto) await cursor.update({ ...cursor.value, _k: searchKeys(strip(cursor.value)) });
        }
      }
      for (let cursor = await activities.openCursor(); cursor; cursor = await cursor.continue()) {
        await cursor.update({ ...cursor.value, _m: activityMonth(strip(cursor.value).at) });
      }
    } catch (error) {
      tx.abort();
      throw error;
    }
  }
}
