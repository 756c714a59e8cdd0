/**
 * Customer Context: the public entry. Importing it defines every element and
 * exposes the model, the stores and the session rules as typed API.
 */
export * from './model/index.js';
export * from './store/context-store.js';
export { IndexedDbStore, type IndexedDbStoreOptions } from './store/indexeddb-store.js';
export { fold, phoneDigits } from './store/keys.js';
export { attachInteraction, mostRecentlyOpened, type Attachment, type AcceptedInteraction } from './session/attach.js';
