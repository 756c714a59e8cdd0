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

/** Resolves after the next frame has been produced (rAF, then a task after it): the content is painted. */
export async function painted(): Promise<void> {
  await frame();
  await new Promise<void>((resolve) => setTimeout(resolve, 0));
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
