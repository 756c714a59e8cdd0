import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { BackendStatus } from './backend-controller.js';

/**
 * Asks the browser to confirm leaving the page (its own `beforeunload`
 * prompt) while saved writes wait in the outbox and the backend cannot take
 * them (offline, or the sign-in lapsed): closing the tab then would leave them
 * in this browser until the gadget runs here again. Never while they are being
 * delivered or nothing waits.
 */
export class LeaveGuard implements ReactiveController {
  private readonly status: () => BackendStatus | undefined;

  constructor(host: ReactiveControllerHost, status: () => BackendStatus | undefined) {
    this.status = status;
    host.addController(this);
  }

  hostConnected(): void {
    globalThis.addEventListener?.('beforeunload', this.onBeforeUnload);
  }

  hostDisconnected(): void {
    globalThis.removeEventListener?.('beforeunload', this.onBeforeUnload);
  }

  /** Whether leaving now would leave writes behind that cannot be delivered. */
  get writesStranded(): boolean {
    const status = this.status();
    return !!status && status.pending > 0 && (status.state === 'offline' || status.state === 'signed-out');
  }

  private readonly onBeforeUnload = (event: BeforeUnloadEvent): void => {
    if (!this.writesStranded) return;
    event.preventDefault();
    // Older browsers show the prompt only when `returnValue` is set.
    event.returnValue = '';
  };
}
