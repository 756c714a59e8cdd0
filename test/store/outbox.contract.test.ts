import { deleteDB } from 'idb';
import { Outbox } from '../../src/store/outbox.js';
import { couchStore, dropDatabase, freshDatabase } from '../helpers/couch.js';
import { storeContract, type ContractHandle } from './contract.js';
import { storeContract19 } from './contract-19.js';

// While CouchDB answers, the outbox is the store it wraps: the same contract holds.
const openStore = async (): Promise<ContractHandle> => {
  const database = await freshDatabase();
  const boxes: Outbox[] = [];
  const open = async () => {
    const box = new Outbox(await couchStore(database), { name: `outbox-contract-${database}-${boxes.length}` });
    await box.ready;
    boxes.push(box);
    return box;
  };
  const store = await open();
  return {
    store,
    second: open,
    async dispose() {
      for (const box of boxes) box.close();
      for (const box of boxes) await deleteDB(box.name);
      await dropDatabase(database);
    },
  };
};

storeContract('Outbox over CouchDbStore', openStore);
storeContract19('Outbox over CouchDbStore', openStore);
