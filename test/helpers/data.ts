import { emptyCustomer, type ActivityData, type CustomerData, type RequestData } from '../../src/model/index.js';
import { IndexedDbStore } from '../../src/store/indexeddb-store.js';

let counter = 0;
/** A store on a fresh database of its own; call `destroy()` after. */
export function freshStore(name = `test-${Date.now()}-${counter++}`): IndexedDbStore {
  return new IndexedDbStore({ name });
}

export function customer(overrides: Partial<CustomerData> = {}): CustomerData {
  return { ...emptyCustomer(), name: 'Ana García', ...overrides };
}

export function request(customerId: string, overrides: Partial<RequestData> = {}): RequestData {
  return {
    customerId,
    title: 'Router keeps rebooting',
    description: '',
    status: 'open',
    openedAt: '2026-01-10T09:00:00.000Z',
    closedAt: null,
    ...overrides,
  };
}

export function activity(customerId: string, overrides: Partial<ActivityData> = {}): ActivityData {
  return {
    customerId,
    requestId: null,
    channel: 'voice',
    interactionId: null,
    at: '2026-01-10T09:00:00.000Z',
    subject: '',
    notes: '',
    tags: [],
    ...overrides,
  };
}
