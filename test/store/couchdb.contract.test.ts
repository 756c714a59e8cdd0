import type { CouchDbStore } from '../../src/store/couchdb-store.js';
import { couchStore, dropDatabase, freshDatabase } from '../helpers/couch.js';
import { storeContract } from './contract.js';

// Runs against the test server the runner starts, or COUCHDB_URL.
storeContract('CouchDbStore', async () => {
  const database = await freshDatabase();
  const clients: CouchDbStore[] = [await couchStore(database)];
  return {
    store: clients[0]!,
    async second() {
      const other = await couchStore(database);
      clients.push(other);
      return other;
    },
    async dispose() {
      for (const client of clients) client.close();
      await dropDatabase(database);
    },
  };
});
