/** Helpers shared by the benchmark pages (run in headless Chromium against dist/customer-context.js). */

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));

/**
 * Resolves with `performance.now()` once the frame being produced has been
 * rendered: call it during a frame (in a rAF callback or an event dispatched in
 * the frame, such as `scroll`). The message is a task of its own, queued
 * now, so it runs after the frame's style, layout, paint and commit.
 */
export function afterThisFrame(): Promise<number> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve(performance.now());
    };
    channel.port2.postMessage(0);
  });
}

/** Resolves after the next frame has been produced (rAF, then a task after it): the content is painted. */
export async function painted(): Promise<void> {
  await frame();
  await afterThisFrame();
}

export interface FrameTiming {
  /** From the start of the frame to the end of `work` (script: the element's own work). */
  ownMs: number;
  /** From the start of the frame to the end of that frame (script, style, layout, paint). */
  frameMs: number;
}

/**
 * Runs `work` at the very start of a frame (first thing in a rAF callback), so
 * no wait for the frame is counted, and times it and the frame it lands in.
 * `work` must finish within the frame (its awaits are microtasks).
 */
export function inFrame(work: () => Promise<unknown>): Promise<FrameTiming> {
  return new Promise((resolve, reject) => {
    requestAnimationFrame(() => {
      const t0 = performance.now();
      const end = afterThisFrame();
      work().then(async () => {
        const ownMs = performance.now() - t0;
        resolve({ ownMs, frameMs: (await end) - t0 });
      }, reject);
    });
  });
}

export interface BenchReport {
  [name: string]: unknown;
}

declare global {
  interface Window {
    __bench?: BenchReport;
    __benchError?: string;
    __benchDone?: boolean;
  }
}

export function finish(report: BenchReport): void {
  window.__bench = report;
  window.__benchDone = true;
}

export function run(main: () => Promise<BenchReport>): void {
  main().then(finish, (error: unknown) => {
    window.__benchError = error instanceof Error ? `${error.message}\n${error.stack}` : String(error);
    window.__benchDone = true;
  });
}

/** Deterministic activity records for one customer, newest first. */
export function activities(count: number, customerId = 'customer:bench'): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  const end = Date.UTC(2026, 10, 15);
  const channels = ['voice', 'chat', 'email', 'note'];
  for (let i = 0; i < count; i++) {
    const at = new Date(end - i * 3_600_000).toISOString();
    out.push({
      type: 'activity',
      id: `activity:bench-${i}`,
      rev: '1-bench',
      createdAt: at,
      updatedAt: at,
      updatedBy: 'bench',
      customerId,
      requestId: null,
      channel: channels[i % 4],
      interactionId: null,
      at,
      subject: `Activity number ${i}`,
      notes: '',
      tags: i % 3 ? ['Billing'] : [],
    });
  }
  return out;
}
