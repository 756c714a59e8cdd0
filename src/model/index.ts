export * from './limits.js';
export * from './errors.js';
export * from './records.js';
export * from './host-events.js';
