import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { caretOf, deepActive, focusLost } from '../shared/focus.js';

/** Where focus was, to go back to: the element, and a text field's caret or selection. */
interface Spot {
  element: HTMLElement;
  caret: [number, number] | null;
}

/**
 * Focus for a panel that opens beside the agent's work (the preview of a
 * queued task): `note()` keeps where focus was just before the agent opened
 * it — the field they were typing in, with its caret, or the control that
 * opened it from the keyboard — and `restore()` puts it back there once the
 * panel has closed, caret included. A panel that goes by itself (the task was
 * withdrawn) gives focus back only when focus was inside it (nowhere useful
 * left): focus the agent put elsewhere meanwhile is never taken.
 */
export class ReturnFocus implements ReactiveController {
  private readonly host: ReactiveControllerHost & HTMLElement;
  /** Where focus was before a pointer press (focus moves on press, before `click`). */
  private pressed: Spot | null = null;
  private spot: Spot | null = null;

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.host = host;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.pressed = null;
    this.spot = null;
  }

  /** Call on `pointerdown` of what opens the panel: focus is still where the agent was. */
  readonly onPointerDown = (): void => {
    this.pressed = spotOfFocus();
  };

  /** The panel opens (from `opener`): keeps the spot before the press, else the opener (keyboard). Kept while it stays open. */
  note(opener: HTMLElement | undefined, alreadyOpen: boolean): void {
    const pressed = this.pressed;
    this.pressed = null;
    if (alreadyOpen && this.spot) return;
    this.spot = pressed && pressed.element !== document.body ? pressed : opener ? { element: opener, caret: null } : null;
  }

  /** Forgets the spot (the panel closed for good, e.g. its task was accepted). */
  forget(): void {
    this.spot = null;
  }

  /**
   * After the panel closed and the host rendered: focus back where it was, or
   * to `fallback` when that is gone. `always: false` (the panel went by
   * itself): only when focus was lost with it.
   */
  async restore(fallback: () => HTMLElement | undefined, always = true): Promise<void> {
    const spot = this.spot;
    this.spot = null;
    await this.host.updateComplete;
    if (!always && !focusLost(this.host)) return;
    const target = spot && spot.element.isConnected && !spot.element.closest('[hidden]') ? spot.element : fallback();
    target?.focus();
    const caret = spot && target === spot.element ? spot.caret : null;
    if (caret && (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement)) target.setSelectionRange(caret[0], caret[1]);
  }
}

function spotOfFocus(): Spot | null {
  const active = deepActive();
  return active instanceof HTMLElement ? { element: active, caret: caretOf(active) } : null;
}
