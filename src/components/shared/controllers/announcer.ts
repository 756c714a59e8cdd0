import { html, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';

/**
 * Polite live-region messages of one element: what a screen reader should
 * say after an action whose result is not where the focus is ("Tag Billing
 * added.", "Saved", "3 customers found").
 *
 * One way for every element: each announcement is rendered as a **new node**
 * inside a live region that stays in the DOM (the way React Aria's
 * `LiveAnnouncer` does it). An added node is announced even when its text is
 * the same as the last message, so "Saved" twice is read twice, with no
 * trailing non-breaking space and no timer. The region's text is exactly the
 * message, so tests read it as it is.
 *
 * The region uses the `visually-hidden` class of `tokens.styles.ts`. The
 * controller only asks its host to update; it needs no lifecycle hook, so it
 * is not registered with `addController`.
 *
 * @example
 * ```ts
 * class MyElement extends LitElement {
 *   static override styles = [tokens];
 *   private readonly announcer = new Announcer(this);
 *
 *   private onSaved(): void {
 *     this.announcer.announce(msg('Saved'));
 *   }
 *
 *   override render() {
 *     return html`<button @click=${this.onSaved}>…</button>${this.announcer.render()}`;
 *   }
 * }
 * ```
 */
export class Announcer {
  private readonly host: ReactiveControllerHost;
  private message = '';
  /** Bumped on every change, so the message node is a new one each time. */
  private serial = 0;

  constructor(host: ReactiveControllerHost) {
    this.host = host;
  }

  /** The message the region holds now ('' when none). */
  get text(): string {
    return this.message;
  }

  /** Says `message` politely (after what the screen reader is saying), even when it is the same as the last one. */
  announce(message: string): void {
    this.message = message;
    this.serial++;
    this.host.requestUpdate();
  }

  /** Empties the region (a message that no longer holds). */
  clear(): void {
    if (this.message === '') return;
    this.announce('');
  }

  /** The live region: render it once, anywhere in the element's shadow root, in every state. */
  render(): TemplateResult {
    return html`<div class="visually-hidden" role="status" aria-live="polite">${keyed(this.serial, html`<span>${this.message}</span>`)}</div>`;
  }
}
