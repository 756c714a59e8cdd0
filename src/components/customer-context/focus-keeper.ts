import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { caretOf, deepActive, focusLost } from '../shared/focus.js';

export interface FocusKeeperOptions {
  /** The layout the host shows now (a change moves the regions). */
  layout(): string;
  /** The elements the layout moves (the pane, the work area). */
  regions(): readonly Element[];
  /** Resolves once the new layout shows the regions (e.g. the element that slots them has rendered). */
  settled(): Promise<unknown>;
}

/**
 * Keeps keyboard focus through a change of layout (issue 22): moving the
 * pane and the work area to their places in the other layout drops focus,
 * which goes back to the same element, caret included, once they are shown.
 * Only when focus was lost with the move: never taken from where the agent
 * (or the host) put it since.
 */
export class FocusKeeper implements ReactiveController {
  private layout: string | undefined;
  private kept: { element: HTMLElement; caret: [number, number] | null } | null = null;
  private readonly host: ReactiveControllerHost & HTMLElement;
  private readonly options: FocusKeeperOptions;

  constructor(host: ReactiveControllerHost & HTMLElement, options: FocusKeeperOptions) {
    this.host = host;
    this.options = options;
    host.addController(this);
  }

  /** Before the render that moves the regions: what has focus in them, if anything. */
  hostUpdate(): void {
    const layout = this.options.layout();
    if (this.layout !== undefined && layout !== this.layout) {
      const top = this.host.shadowRoot?.activeElement;
      const element = deepActive();
      this.kept = top && element instanceof HTMLElement && this.options.regions().includes(top) ? { element, caret: caretOf(element) } : null;
    }
    this.layout = layout;
  }

  hostUpdated(): void {
    const kept = this.kept;
    this.kept = null;
    if (kept) void this.restore(kept);
  }

  private async restore({ element, caret }: { element: HTMLElement; caret: [number, number] | null }): Promise<void> {
    await this.options.settled();
    if (!element.isConnected || !focusLost(this.host)) return;
    element.focus({ preventScroll: true });
    if (caret && (element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement)) element.setSelectionRange(...caret);
  }
}
