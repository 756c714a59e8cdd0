import { msg } from '@lit/localize';
import { ValidationError, type CustomerData } from '../../model/index.js';
import type { AgentSession, CloseChoice, SaveOutcome } from '../../session/session.js';
import type { CloseDialog } from '../close-dialog/close-dialog.js';
import type { MoveConfirmDetail, MoveDialog } from '../move-dialog/move-dialog.js';
import { moveRefusalText, movedText } from '../move-dialog/move-messages.js';
import type { WorkArea } from '../work-area/work-area.js';
import { refusalText } from './messages.js';
import { MergeActions } from '../merge-dialog/merge-actions.js';

/** What `<customer-context>` lends the actions: its session, children, live region and notice. */
export interface WorkActionsHost {
  session(): AgentSession | undefined;
  readonly work: WorkArea;
  readonly dialog: CloseDialog;
  announce(text: string): void;
  /** The notice shown in the work area (a refusal, why nothing was saved). */
  setNotice(text: string): void;
  /** The work area whose last save succeeded ("Saved" beside Save). */
  setSavedKey(key: string | null): void;
  /** Resolves once the gadget shows the current state. */
  settled(): Promise<unknown>;
  /** Focus to the work area that just opened, unless the agent is elsewhere. */
  focusWorkspace(): void;
  /** Focus after a work area closed: never a button that acts. */
  focusAfterClose(): void;
}

/**
 * What the work area and the keyboard shortcuts ask of `<customer-context>`:
 * Save, Create, Close (with its questions, R6), "Start a new request
 * instead" (R2.5), and telling the agent why nothing was saved, with focus
 * where they must act. One place, so a button, Enter and a shortcut behave alike.
 */
export class WorkActions {
  constructor(private readonly host: WorkActionsHost) {}

  /** Acts on what the work area reports: edits, Save, Create, Close, "more" of the journey, a choice, Load, a repair, tags used before. */
  listen(): void {
    const work = this.host.work;
    // Tags used before (issue #18): the tag input that asked gets the session's answer (debounced, the latest only).
    work.addEventListener('cc-tag-suggest', (e) => {
      const input = e.composedPath()[0] as { suggestions?: unknown };
      void this.host.session()?.suggestTags(e.detail.prefix).then((suggestions) => {
        if (suggestions) input.suggestions = suggestions;
      });
    });
    work.addEventListener('cc-work-edit', ({ detail: d }) => {
      if (d.kind === 'customer') this.host.session()?.editCustomer(d.key, d.changes);
      else if (d.kind === 'request') this.host.session()?.editRequest(d.key, d.changes);
      else this.host.session()?.editActivity(d.key, d.changes);
    });
    work.addEventListener('cc-work-save', (e) => void this.save(e.detail.key, e.detail.customer));
    work.addEventListener('cc-work-create', (e) => void this.create(e.detail.key, e.detail.data));
    work.addEventListener('cc-work-close', (e) => void this.requestClose(e.detail.key));
    work.addEventListener('cc-work-more', (e) => void this.host.session()?.loadMoreJourney(e.detail.key));
    work.addEventListener('cc-work-period', (e) => void this.host.session()?.setJourneyPeriod(e.detail.key, e.detail.period));
    work.addEventListener('cc-new-request', (e) => void this.startNewRequest(e.detail.key));
    // Duplicates and merging (issue #19 item 2): <cc-merge-dialog>, <cc-merge-note>, <cc-duplicate-list> ask, the session answers.
    new MergeActions(this.host).listen();
    // Moving an activity (issue #19 item 1): <cc-move-dialog> asks, the session answers and moves.
    work.addEventListener('cc-move-open', (e) => void this.openMove(e.composedPath()[0] as MoveDialog, e.detail.key, e.detail.activityId));
    work.addEventListener('cc-move-search', (e) => void this.moveSearch(e.composedPath()[0] as MoveDialog, e.detail.query));
    work.addEventListener('cc-move-customer', (e) => void this.moveCustomer(e.composedPath()[0] as MoveDialog, e.detail.customerId));
    work.addEventListener('cc-move-confirm', (e) => void this.move(e.detail));
    work.addEventListener('cc-work-repair', (e) => {
      this.host.session()?.acceptRepair(e.detail.key);
      this.host.setNotice('');
    });
    work.addEventListener('cc-work-choose', ({ detail: d }) => this.host.session()?.choose(d.key, d.kind, d.field, d.side));
    work.addEventListener('cc-work-load', ({ detail: d }) => {
      this.host.session()?.load(d.key, d.kind);
      this.host.setNotice('');
      this.host.announce(msg('Their changes are loaded. Check the fields both of you changed.'));
    });
  }

  /** Save: the header's, or the customer form's (`customer`: its data, taken first; the form goes back to the read-only view). */
  async save(key: string, customer?: CustomerData): Promise<void> {
    const session = this.host.session()!;
    if (customer) session.editCustomer(key, customer);
    const outcome = await session.save(key);
    if (!outcome.ok) return void this.reportFailure(outcome);
    if (customer || outcome.saved.length) this.host.setSavedKey(key);
    this.host.announce(customer || outcome.saved.length ? msg('Saved') : msg('Nothing to save'));
    if (customer) await this.host.work.closeForm();
  }

  async create(key: string, data: CustomerData): Promise<void> {
    const outcome = await this.host.session()!.createCustomer(key, data);
    if (!outcome.ok) return void this.reportFailure(outcome);
    this.host.setSavedKey(outcome.saved.find((r) => r.type === 'customer')?.id ?? null);
    this.host.announce(msg('Customer created'));
    await this.host.settled();
    this.host.focusWorkspace();
  }

  /** "Start a new request instead" (R2.5 with a choice): the current activity moves into a new request; a refusal says why. */
  async startNewRequest(key: string): Promise<void> {
    const outcome = await this.host.session()?.startNewRequest(key);
    if (!outcome) return;
    if (outcome.ok) {
      this.host.announce(msg('The contact is now in a new request.'));
      await this.host.settled();
      this.host.focusWorkspace();
    } else if (outcome.reason === 'invalid') {
      const text = msg('The contact stays in its request: something was saved or typed there meanwhile.');
      this.host.setNotice(text);
      this.host.announce(text);
    } else await this.reportFailure(outcome);
  }

  // ---- moving an activity (issue #19 item 1) ------------------------------------------
  private moveSearches = 0;

  /** "Move to…": the dialog opens on the session's choices; an activity in a closed request is locked (said, no dialog). */
  async openMove(dialog: MoveDialog, key: string, activityId: string): Promise<void> {
    const choices = await this.host.session()?.moveChoices(key, activityId).catch(() => undefined);
    if (!choices || choices.locked) {
      const text = moveRefusalText(choices ? 'source-closed' : 'not-found');
      this.host.setNotice(text);
      this.host.announce(text);
      return;
    }
    this.host.setNotice('');
    await dialog.show(choices);
  }

  /** Customers for the dialog's search (the latest search's answer only). */
  private async moveSearch(dialog: MoveDialog, query: string): Promise<void> {
    const seq = ++this.moveSearches;
    const page = await this.host.session()?.searchPage(query).catch(() => undefined);
    if (seq !== this.moveSearches || !page) return;
    dialog.results = { query, customers: page.hits.map((hit) => hit.customer) };
  }

  /** The open requests of the customer chosen in the dialog. */
  private async moveCustomer(dialog: MoveDialog, customerId: string): Promise<void> {
    const requests = await this.host.session()?.openRequestsOf(customerId).catch(() => undefined);
    if (requests) dialog.customerRequests = { customerId, requests };
  }

  /** The confirmed move: said when done; a refusal says why (a conflict also shows R4's caution on the contact's own activity). */
  async move(detail: MoveConfirmDetail): Promise<void> {
    const outcome = await this.host.session()?.moveActivity(detail.key, detail.activityId, detail.target);
    if (!outcome) return;
    const text = outcome.ok ? movedText() : moveRefusalText(outcome.reason);
    this.host.setNotice(outcome.ok ? '' : text);
    this.host.announce(text);
  }
  // ---- end of moving an activity ----------------------------------------------------------

  /** Close (R6): asks first when something would be lost (R6.2, R6.3); Cancel closes nothing. */
  async requestClose(key: string): Promise<void> {
    const question = this.host.session()?.closeQuestion(key) ?? 'none';
    const asked = question !== 'none';
    const choice = asked ? await this.host.dialog.ask(question) : null;
    const focused = asked && !choice ? false : await this.finishClose(key, choice);
    await this.host.settled();
    // Refused (a choice still open, a name missing): focus is where the agent must act.
    if (focused) return;
    // Cancel or refused: back to Close. After a close the next customer's Close button may sit in
    // the same place: focus never lands on a button that acts (Enter Enter Enter closes nothing more).
    const closed = !this.host.session()?.workspace(key);
    if (!asked || closed || !this.host.work.focusClose(key)) this.host.focusAfterClose();
  }

  /** Resolves `true` when a refusal moved focus to what the agent must do first. */
  private async finishClose(key: string, choice: CloseChoice | null): Promise<boolean> {
    const outcome = await this.host.session()!.close(key, choice);
    if (!outcome.ok) return this.reportFailure(outcome);
    this.host.announce(msg('Closed'));
    return false;
  }

  /**
   * Tells the agent why nothing was saved. Where the agent must act first, focus
   * goes there: the first field still to choose (R4.2), the name of a customer
   * to create (R5.2, also from the close dialog's Create). Resolves `true` when
   * it moved focus.
   */
  private async reportFailure(outcome: Extract<SaveOutcome, { ok: false }>): Promise<boolean> {
    const { reason, error } = outcome;
    if (reason === 'invalid' && error instanceof ValidationError && error.code === 'required') {
      this.host.setNotice('');
      await this.host.settled();
      if (!(await this.host.work.reportValidity())) return false;
      this.host.announce(msg('Enter a name'));
      return true;
    }
    const text = refusalText(reason, error);
    this.host.setNotice(text);
    this.host.announce(text);
    if (reason !== 'choice') return false;
    await this.host.settled();
    return this.host.work.focusChoice();
  }
}
