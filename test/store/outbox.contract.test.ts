import { deleteDB } from 'idb';
import { Outbox } from '../../src/store/outbox.js';
import { couchStore, dropDatabase, freshDatabase } from '../helpers/couch.js';
import { storeContract } from './contract.js';

// While CouchDB answers, the outbox is the store it wraps: the same contract holds.
storeContract('Outbox over CouchDbStore', async () => {
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
});
