import { html, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { msg, str } from '@lit/localize';
import type { AgentSession, Workspace } from '../../session/session.js';
import { emit } from '../shared/emit.js';
import { focusLost, isTyping } from '../shared/focus.js';
import {
  CARE_ACTIONS,
  actsWhileTyping,
  matchAction,
  platformOf,
  resolveKeymap,
  type KeyPlatform,
  type Keymap,
  type LayoutMap,
  type ShortcutAction,
  type ShortcutProblem,
  type ShortcutSettings,
} from '../shared/keymap.js';
import type { CustomerPane } from '../customer-pane/customer-pane.js';
import type { WorkArea } from '../work-area/work-area.js';
import type { TaskQueue } from '../task-queue/task-queue.js';
import type { ShortcutHelp } from '../shortcut-help/shortcut-help.js';
import '../shortcut-help/define.js';
import { workspaceName } from './messages.js';

export interface ShortcutOptions {
  /** The host's `shortcuts` setting (`undefined`: the defaults; `false`: none). */
  settings(): ShortcutSettings | false | undefined;
  /** Care mode: Accept, Ready and Not Ready act (and are listed). */
  care(): boolean;
  session(): AgentSession | undefined;
  pane: CustomerPane;
  work: WorkArea;
  /** The task queue shown in care mode. */
  queue(): TaskQueue | null;
  /** Save as the header's Save button does (a refusal is reported the same way). */
  save(key: string): Promise<void>;
  /** Close as the Close button does (the close dialog asks first when something would be lost). */
  close(key: string): Promise<void>;
  /** Shows a work area of Open, as picking it in the list does. */
  activate(key: string): void;
  announce(text: string): void;
}

/** What `navigator.keyboard` offers where the browser has it (Chromium): the printed key of each physical one. */
type KeyboardApi = { keyboard?: { getLayoutMap?: () => Promise<LayoutMap> } };

/**
 * The keyboard shortcuts of `<customer-context>` (issue #18 item 3): one
 * `keydown` listener on the element (key presses inside its shadow roots
 * reach it, composed), the keymap from the host's `shortcuts` setting
 * (`src/components/shared/keymap.ts`), and each action done the way its
 * button does it. Nothing acts while a dialog is open, on a repeated key
 * or while an input method composes; in a text field only shortcuts with a
 * modifier act (`actsWhileTyping`). A setting that cannot be used is
 * reported as `cc-error` (`config-error`, `field: 'shortcuts'`), once per
 * setting, and the defaults stay for what it got wrong.
 */
export class ShortcutController implements ReactiveController {
  private readonly host: ReactiveControllerHost & HTMLElement;
  private readonly options: ShortcutOptions;
  private readonly platform: KeyPlatform = platformOf(globalThis.navigator);
  private layout: LayoutMap | undefined;
  private settings: ShortcutSettings | false | undefined | null = null;
  private keymap: Keymap = new Map();

  constructor(host: ReactiveControllerHost & HTMLElement, options: ShortcutOptions) {
    this.host = host;
    this.options = options;
    host.addController(this);
  }

  hostConnected(): void {
    this.host.addEventListener('keydown', this.onKeydown);
    // The printed key of each physical one, for ⌥ on a Mac (a frame may be denied it: then event.code decides).
    (globalThis.navigator as Navigator & KeyboardApi | undefined)?.keyboard
      ?.getLayoutMap?.()
      .then((map) => (this.layout = map))
      .catch(() => undefined);
  }

  hostDisconnected(): void {
    this.host.removeEventListener('keydown', this.onKeydown);
  }

  /** A new setting: the keymap again, and what it got wrong reported once. */
  hostUpdate(): void {
    const settings = this.options.settings();
    if (settings === this.settings) return;
    this.settings = settings;
    const { keymap, problems } = resolveKeymap(settings, this.platform);
    this.keymap = keymap;
    if (problems.length) emit(this.host, 'cc-error', { code: 'config-error', message: problemText(problems), field: 'shortcuts' });
  }

  /** The "Keyboard shortcuts" button and its list. */
  render() {
    return html`<cc-shortcut-help
      exportparts="button: shortcuts-button, dialog: shortcuts-dialog"
      .keymap=${this.keymap}
      .platform=${this.platform}
      ?care=${this.options.care()}
    ></cc-shortcut-help>`;
  }

  private get help(): ShortcutHelp | null {
    return this.host.shadowRoot?.querySelector('cc-shortcut-help') ?? null;
  }

  private readonly onKeydown = (event: KeyboardEvent): void => {
    if (event.defaultPrevented || event.isComposing) return;
    const action = matchAction(this.keymap, event, this.layout);
    if (!action || (CARE_ACTIONS.has(action) && !this.options.care())) return;
    const path = event.composedPath();
    // A dialog open (Close's question, this list) has the keys: Escape, Tab, its buttons.
    if (path.some((node) => node instanceof HTMLDialogElement)) return;
    if (isTyping(path[0] instanceof Element ? path[0] : null) && !actsWhileTyping(this.keymap.get(action)!, this.platform)) return;
    event.preventDefault();
    if (event.repeat) return;
    void this.run(action);
  };

  private get active(): Workspace | undefined {
    return this.options.session()?.workspace();
  }

  private async run(action: ShortcutAction): Promise<void> {
    const { work, pane } = this.options;
    const active = this.active;
    switch (action) {
      case 'save':
        return this.save(active);
      case 'close':
        if (active) await this.options.close(active.key);
        return;
      case 'closeRequest':
        return this.closeRequest(active);
      case 'search':
        return pane.focusSearch();
      case 'next':
      case 'previous':
        return this.step(action === 'next' ? 1 : -1);
      case 'customerForm':
        if (!(await work.openForm())) this.options.announce(msg('No customer is open.'));
        return;
      case 'note':
        if (!(await work.focusNote())) this.options.announce(msg('No customer is open.'));
        return;
      case 'move':
        if (!work.openMove()) this.options.announce(msg('Select an activity in the journey to move it.'));
        return;
      case 'accept':
        if (!this.options.queue()?.acceptShown()) this.options.announce(msg('Select a task in the Queue first, to see it before you accept it.'));
        return;
      case 'ready':
      case 'notReady':
        if (!this.options.queue()?.chooseState(action === 'ready' ? 'ready' : 'not-ready')) {
          this.options.announce(action === 'ready' ? msg('You are Ready.') : msg('You are Not Ready.'));
        }
        return;
      case 'help':
        return this.help?.show();
    }
  }

  /** Save as the header's button: only when it is enabled (something unsaved, no save running); a customer not created yet has Create instead. */
  private async save(active: Workspace | undefined): Promise<void> {
    const session = this.options.session();
    if (!active || !session) return;
    if (!active.customer) return this.options.announce(msg('This customer is not created yet: fill in the form and choose Create.'));
    if (active.busy) return;
    if (!session.isDirty(active)) return this.options.announce(msg('Nothing to save'));
    await this.options.save(active.key);
  }

  /** Closes the request as its "Close request" button does: unsaved until Save. */
  private closeRequest(active: Workspace | undefined): void {
    const request = active?.requestDraft;
    if (!active || !request) return this.options.announce(msg('No request is open.'));
    if (request.status === 'closed') return this.options.announce(msg('The request is already closed.'));
    this.options.session()?.editRequest(active.key, { status: 'closed' });
    this.options.announce(msg('Request closed. Save to keep it.'));
  }

  /** The next or previous customer of Open (round the end), announced, focus to their name when it was in the work area left. */
  private async step(by: 1 | -1): Promise<void> {
    const state = this.options.session()?.state;
    const open = state?.open ?? [];
    if (!open.length) return this.options.announce(msg('No customer is open.'));
    const at = open.findIndex((w) => w.key === state?.activeKey);
    const index = at === -1 ? (by === 1 ? 0 : open.length - 1) : (at + by + open.length) % open.length;
    const next = open[index]!;
    this.options.activate(next.key);
    const name = workspaceName(next);
    const place = index + 1;
    const count = open.length;
    this.options.announce(msg(str`${name}, ${place} of ${count} in Open`));
    await this.host.updateComplete;
    if (focusLost(this.host)) this.options.work.focus();
  }
}

/** The `cc-error` message for a setting that could not be used (for the engineer: English, like every `cc-error` message). */
function problemText(problems: readonly ShortcutProblem[]): string {
  const parts = problems.map((p) => {
    switch (p.code) {
      case 'unknown-action':
        return `"${p.action}" is not a shortcut action`;
      case 'invalid-keys':
        return `"${p.action}: ${p.keys}" is not a key combination`;
      case 'no-modifier':
        return `"${p.action}: ${p.keys}" needs Ctrl, Alt, Meta or Mod (plain keys are text)`;
      case 'conflict':
        return `"${p.action}: ${p.keys}" is already "${p.with ?? ''}"`;
    }
  });
  return `shortcuts: ${parts.join('; ')}. Their defaults are kept.`;
}
