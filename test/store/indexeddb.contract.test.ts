import { IndexedDbStore } from '../../src/store/indexeddb-store.js';
import { freshStore } from '../helpers/data.js';
import { storeContract, type ContractHandle } from './contract.js';
import { storeContract19 } from './contract-19.js';

const openStore = async (): Promise<ContractHandle> => {
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
};

storeContract('IndexedDbStore', openStore);
storeContract19('IndexedDbStore', openStore);
