/** axe-core's browser build: importing it for its side effect sets `window.axe` (typed in a11y.ts). */
declare module 'axe-core/axe.min.js';
