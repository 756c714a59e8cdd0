import { msg, str } from '@lit/localize';
import type { AgentSession, SessionMergeOutcome, SessionUndoOutcome } from '../../session/session.js';
import type { MergeConfirmDetail, MergeDialog, MergePlanDetail } from './merge-dialog.js';
import { customerLabel } from '../shared/customer-label.js';

/** What `<customer-context>` lends the merge actions (a part of its `WorkActionsHost`). */
export interface MergeActionsHost {
  session(): AgentSession | undefined;
  readonly work: HTMLElement & { workspace?: { key: string } | undefined };
  announce(text: string): void;
  setNotice(text: string): void;
  settled(): Promise<unknown>;
  focusWorkspace(): void;
}

/** Why a merge did not happen, in words. */
export function mergeRefusalText(outcome: Exclude<SessionMergeOutcome | SessionUndoOutcome, { ok: true }>, undo = false): string {
  switch (outcome.reason) {
    case 'conflict':
      return undo
        ? msg('Undo is not possible: another agent changed one of these customers since the merge.')
        : msg('Another agent changed one of these customers meanwhile. Their version is shown now: check the values and merge again.');
    case 'unsaved':
      return msg('Save or discard your changes to these customers first.');
    case 'running':
      return msg('A merge of these customers is already running.');
    case 'invalid':
      return msg('These customers can no longer be merged: one of them was merged or removed meanwhile.');
    default:
      return msg('The merge could not finish: the data service did not answer. It is finished the next time the customer is opened.');
  }
}

/**
 * What the merge dialog, the "Merged · Undo" note and the list of likely
 * duplicates ask of the session (issue #19 item 2), with the answers put back
 * on the element that asked (`composedPath()[0]`), the latest answer only.
 */
export class MergeActions {
  private searches = 0;
  private plans = 0;

  constructor(private readonly host: MergeActionsHost) {}

  listen(): void {
    const work = this.host.work;
    work.addEventListener('cc-merge-search', (e) => void this.search(e.composedPath()[0] as MergeDialog, e.detail.query));
    work.addEventListener('cc-merge-plan', (e) => void this.plan(e.composedPath()[0] as MergeDialog, e.detail));
    work.addEventListener('cc-merge-confirm', (e) => void this.merge(e.composedPath()[0] as MergeDialog, e.detail));
    work.addEventListener('cc-merge-undo', (e) => void this.undo(e.detail.survivorId));
    work.addEventListener('cc-duplicate-use', (e) => void this.use(e.detail.customerId));
  }

  private async search(dialog: MergeDialog, query: string): Promise<void> {
    const seq = ++this.searches;
    const page = await this.host.session()?.searchPage(query).catch(() => undefined);
    if (seq !== this.searches || !page) return;
    dialog.results = { query, customers: page.hits.map((hit) => hit.customer) };
  }

  private async plan(dialog: MergeDialog, detail: MergePlanDetail): Promise<void> {
    const seq = ++this.plans;
    const plan = await this.host.session()?.planMerge(detail.customerId, detail.otherId, detail.survivorId).catch(() => undefined);
    if (seq !== this.plans) return;
    if (plan) dialog.plan = plan;
    else dialog.problem = mergeRefusalText({ ok: false, reason: 'invalid' });
  }

  private async merge(dialog: MergeDialog, { plan, choices }: MergeConfirmDetail): Promise<void> {
    const session = this.host.session();
    if (!session) return;
    const outcome = await session.mergeCustomers(plan, choices, (progress) => (dialog.progress = progress));
    if (outcome.ok) {
      dialog.problem = '';
      await dialog.finish();
      const duplicate = customerLabel(plan.duplicate);
      const survivor = customerLabel(plan.survivor);
      this.host.announce(msg(str`${duplicate} was merged into ${survivor}.`));
      this.host.setNotice('');
      return;
    }
    const text = mergeRefusalText(outcome);
    // R4: the other agent's version comes in; the agent checks the values again.
    if (outcome.reason === 'conflict') {
      const fresh = await session.planMerge(plan.survivor.id, plan.duplicate.id, plan.survivor.id).catch(() => undefined);
      if (fresh) dialog.plan = fresh;
    }
    dialog.problem = text;
    await dialog.finish();
    this.host.announce(text);
  }

  private async undo(survivorId: string): Promise<void> {
    const outcome = await this.host.session()?.undoMerge(survivorId);
    if (!outcome) return;
    const text = outcome.ok ? msg('The merge is undone: both customers are as they were.') : mergeRefusalText(outcome, true);
    if (!outcome.ok) this.host.setNotice(text);
    this.host.announce(text);
  }

  /** "Use this one": the interaction opens on the stored customer instead of creating one. */
  private async use(customerId: string): Promise<void> {
    const key = this.host.work.workspace?.key;
    const session = this.host.session();
    if (!key || !session) return;
    const outcome = await session.useCustomer(key, customerId);
    if (!outcome.ok) {
      const text = msg('This customer could not be opened. Try again, or create a new one.');
      this.host.setNotice(text);
      this.host.announce(text);
      return;
    }
    this.host.announce(msg('The contact is now with the customer you chose.'));
    await this.host.settled();
    this.host.focusWorkspace();
  }
}
