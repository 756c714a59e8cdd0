import { executeServerCommand } from '@web/test-runner-commands';

/**
 * Browser side of scripts/hardening.mjs (the `hardening` plugin of the test runner).
 */

/** The fast-check seed: fixed under CI (or `FUZZ_SEED=n`), random otherwise. */
export async function fuzzSeed(): Promise<{ seed: number; fixed: boolean }> {
  const value = await executeServerCommand<{ seed: number; fixed: boolean }, undefined>('fuzz-seed');
  if (!value) throw new Error('the hardening plugin is not in web-test-runner.config.mjs');
  return value;
}

/** A small deterministic PRNG (mulberry32) for seeded interleavings: the demo's own. */
export { random as prng } from '../../demo/sample-data.js';

export interface FaultRule {
  /**
   * `status`: answer this status; `reset`: cut the connection; `delay`: forward
   * late; `delay-answer`: forward at once, hold the answer; `drop-answer`:
   * forward at once, cut the connection when the answer comes (the write was taken).
   */
  kind: 'status' | 'reset' | 'delay' | 'delay-answer' | 'drop-answer';
  /** For `status`: the HTTP status answered (503 by default). */
  status?: number;
  /** For `delay` and `delay-answer`: milliseconds the request or its answer waits. */
  ms?: number;
  /** How many requests the rule takes (`-1` or absent: until replaced). */
  count?: number;
  /** Substring of `METHOD /path?query` the rule applies to. */
  match?: string;
}

/** An HTTP proxy of its own in front of `target` that injects faults (scripts/hardening.mjs). */
export class FaultProxy {
  private constructor(readonly id: string, readonly url: string) {}

  static async start(target: string): Promise<FaultProxy> {
    const started = await executeServerCommand<{ id: string; url: string }, { op: string; target: string }>('fault-proxy', { op: 'start', target });
    if (!started) throw new Error('the hardening plugin is not in web-test-runner.config.mjs');
    return new FaultProxy(started.id, started.url);
  }

  /** Replaces the fault rules (none: every request passes). */
  async faults(rules: FaultRule[] = []): Promise<void> {
    await executeServerCommand('fault-proxy', { op: 'faults', id: this.id, rules });
  }

  /** The backend stops: open connections are cut, new ones refused. */
  async down(): Promise<void> {
    await executeServerCommand('fault-proxy', { op: 'down', id: this.id });
  }

  /** The backend is back, on the same address. */
  async up(): Promise<void> {
    await executeServerCommand('fault-proxy', { op: 'up', id: this.id });
  }

  async stats(): Promise<{ requests: number; injected: number }> {
    return (await executeServerCommand<{ requests: number; injected: number }, { op: string; id: string }>('fault-proxy', { op: 'stats', id: this.id }))!;
  }

  async stop(): Promise<void> {
    await executeServerCommand('fault-proxy', { op: 'stop', id: this.id });
  }
}

/** Uncaught errors and unhandled rejections of this page, collected while `stop()` is not called. */
export function watchUncaught(): { errors: string[]; stop(): void } {
  const errors: string[] = [];
  const onError = (event: ErrorEvent) => errors.push(`error: ${event.message}`);
  const onRejection = (event: PromiseRejectionEvent) => errors.push(`unhandledrejection: ${String(event.reason)}`);
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  return {
    errors,
    stop() {
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onRejection);
    },
  };
}
