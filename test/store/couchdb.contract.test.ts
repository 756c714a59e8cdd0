import type { CouchDbStore } from '../../src/store/couchdb-store.js';
import { couchStore, dropDatabase, freshDatabase } from '../helpers/couch.js';
import { storeContract, type ContractHandle } from './contract.js';
import { storeContract19 } from './contract-19.js';

// Runs against the test server the runner starts, or COUCHDB_URL.
const openStore = async (): Promise<ContractHandle> => {
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
};

storeContract('CouchDbStore', openStore);
storeContract19('CouchDbStore', openStore);
