import type { CustomerContext } from 'customer-context';
import { painted } from './common.js';

declare global {
  interface Window {
    __t0: number;
    __startup?: number;
  }
}

/** From the bundle's script tag (t0 is taken by the first script in the page) to an interactive, painted gadget. */
async function main(): Promise<void> {
  await import('customer-context');
  const gadget = document.createElement('customer-context') as CustomerContext;
  gadget.setAttribute('database', `bench-empty-${Math.random()}`);
  document.body.append(gadget);
  await gadget.ready;
  await gadget.updateComplete;
  await painted();
  window.__startup = performance.now() - window.__t0;
  window.__benchDone = true;
}
void main();
