import 'customer-context';
import { activities, painted, run } from './common.js';

/** JS heap growth after opening a 10,000-activity journey (measured from the runner with a forced GC). */
run(async () => {
  const el = document.createElement('journey-view') as HTMLElement & { entries: unknown; updateComplete: Promise<unknown> };
  (window as unknown as { __open: () => Promise<void> }).__open = async () => {
    el.entries = activities(10_000);
    document.body.append(el);
    await el.updateComplete;
    await painted();
  };
  return {};
});
