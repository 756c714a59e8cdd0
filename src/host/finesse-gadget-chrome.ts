/**
 * The Finesse gadget's chrome: what the bridge does for the gadget's iframe
 * rather than for the agent's interactions. It sizes the iframe to its
 * content (`gadgets.window.adjustHeight()` when the gadget's tab becomes
 * visible, and after a debounced ResizeObserver sees the content change
 * size), dismisses the container's loading indicator once, and writes the
 * bridge's problems to Finesse's ClientLogger (or the `log` option).
 */
import type { FinesseApi, GadgetsApi } from './finesse-types.js';
import { attempt } from './finesse-phases.js';

/** The bridge options the chrome reads (part of `FinesseBridgeOptions`). */
export interface GadgetChromeOptions {
  /** Milliseconds to wait for the content size to settle before `adjustHeight()`. Default 100. */
  resizeDebounceMs?: number;
  /** Where bridge problems are reported. Default: Finesse's ClientLogger when present. */
  log?: (message: string) => void;
}

/** Height, loading indicator and logger of one gadget; owned by its `FinesseBridge`. */
export class GadgetChrome {
  private readonly element: Element;
  private readonly gadgets: GadgetsApi;
  private readonly finesse: FinesseApi;
  private readonly options: GadgetChromeOptions;
  private resizeObserver: ResizeObserver | undefined;
  private resizeTimer: ReturnType<typeof setTimeout> | undefined;
  private lastSize = '';
  private stopped = false;
  private dismissed = false;

  constructor(element: Element, gadgets: GadgetsApi, finesse: FinesseApi, options: GadgetChromeOptions) {
    this.element = element;
    this.gadgets = gadgets;
    this.finesse = finesse;
    this.options = options;
  }

  /** `ContainerServices.init()`: `adjustHeight()` whenever the gadget's tab becomes the active one. */
  watchActiveTab(): void {
    const services = this.finesse.containerservices?.ContainerServices;
    if (!services) return;
    try {
      const container = services.init();
      container.addHandler(services.Topics.ACTIVE_TAB, () => this.adjustHeight(true));
      container.makeActiveTabReq?.();
    } catch (error) {
      this.log(`ContainerServices failed: ${String(error)}`);
    }
  }

  /** Watches the element and the body; `adjustHeight()` once their size has settled. */
  observeSize(): void {
    if (typeof ResizeObserver === 'undefined') return;
    this.resizeObserver = new ResizeObserver(() => {
      clearTimeout(this.resizeTimer);
      this.resizeTimer = setTimeout(() => this.adjustHeight(false), this.options.resizeDebounceMs ?? 100);
    });
    this.resizeObserver.observe(this.element);
    const body = this.element.ownerDocument.body;
    if (body && (body as Element) !== this.element) this.resizeObserver.observe(body);
  }

  /** `gadgets.window.adjustHeight()`; on resize only when the content's height really changed. */
  adjustHeight(force: boolean): void {
    if (this.stopped) return;
    const doc = this.element.ownerDocument;
    const size = `${Math.ceil(this.element.getBoundingClientRect().height)}:${doc.body?.scrollHeight ?? 0}`;
    if (!force && size === this.lastSize) return;
    this.lastSize = size;
    try {
      this.gadgets.window.adjustHeight();
    } catch (error) {
      this.log(`adjustHeight failed: ${String(error)}`);
    }
  }

  /** `gadgets.loadingindicator.dismiss()`, once. */
  dismiss(): void {
    if (this.dismissed) return;
    this.dismissed = true;
    attempt(() => this.gadgets.loadingindicator?.dismiss());
  }

  /** `ClientLogger.init` on the container's hub, so `log` reaches the desktop's log. */
  initLogger(): void {
    attempt(() => this.finesse.cslogger?.ClientLogger?.init?.(this.gadgets.Hub, 'Customer Context'));
  }

  /** Reports a bridge problem: to the `log` option, else to Finesse's ClientLogger. */
  log(message: string): void {
    const line = `Customer Context: ${message}`;
    if (this.options.log) this.options.log(line);
    else attempt(() => this.finesse.cslogger?.ClientLogger?.log?.(line));
  }

  /** Disconnects the resize observer and its timer; no more `adjustHeight()`. */
  stop(): void {
    this.stopped = true;
    this.resizeObserver?.disconnect();
    clearTimeout(this.resizeTimer);
  }
}
