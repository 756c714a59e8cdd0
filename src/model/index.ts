export * from './limits.js';
export * from './errors.js';
export * from './records.js';
export * from './stored.js';
export * from './host-events.js';
export * from './host-contract.js';
export * from './journey.js';
