/**
 * `true` when the sources run as they are (tests, `npm start`); the published
 * bundle is built with `false` (rollup.config.mjs replaces this module), so
 * development warnings cost it nothing.
 */
export const DEV_MODE: boolean = true;
