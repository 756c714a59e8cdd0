import type { CustomerContext } from 'customer-context';
import { painted } from './common.js';

declare global {
  interface Window {
    __t0: number;
    __startup?: number;
  }
}

/**
 * From the bundle's script tag (t0 is taken just before it) to an interactive,
 * painted gadget: the bundle fetched, compiled and run, the element upgraded,
 * its session ready (the store opened and the Open list restored), rendered,
 * and the frame showing it painted. Module scripts run in order, so this one
 * starts after the bundle has run.
 */
async function main(): Promise<void> {
  const gadget = document.querySelector('customer-context') as CustomerContext;
  const evaluated = performance.now();
  await gadget.ready;
  const ready = performance.now();
  await gadget.updateComplete;
  await painted();
  window.__startup = performance.now() - window.__t0;
  const bundle = performance.getEntriesByType('resource').find((e) => e.name.includes('/dist/customer-context.js')) as PerformanceResourceTiming | undefined;
  (window as unknown as { __phases: Record<string, number> }).__phases = {
    fetched: (bundle?.responseEnd ?? 0) - window.__t0,
    evaluated: evaluated - window.__t0,
    ready: ready - window.__t0,
    painted: window.__startup,
  };
  const db = new URLSearchParams(location.search).get('db');
  gadget.remove();
  // A database made for this run only is deleted again (the browser profile is kept between runs).
  if (db) await new Promise((resolve) => setTimeout(resolve, 50)).then(() => indexedDB.deleteDatabase(db));
  window.__benchDone = true;
}
void main();
