import { IndexedDbStore } from '../../src/store/indexeddb-store.js';
import { freshStore } from '../helpers/data.js';
import { storeContract } from './contract.js';

storeContract('IndexedDbStore', async () => {
  const store = freshStore();
  const others: IndexedDbStore[] = [];
  return {
    store,
    async second() {
      const other = new IndexedDbStore({ name: store.name });
      others.push(other);
      return other;
    },
    async dispose() {
      for (const other of others) other.close();
      await store.destroy();
    },
  };
});
