import type { Activity, ActivityData, Customer, CustomerData, Request, RequestData } from '../model/index.js';
import type { Caution, InteractionInfo, PendingChoice, RecentCustomer } from './session.js';

/** What is kept of one open workspace across a reload: the records it was based on and the input on them. */
export interface SavedWorkspace {
  /** The customer id, or `new:<interactionId>` while no customer exists for the interaction. */
  key: string;
  interaction: InteractionInfo | null;
  customer: Customer | null;
  customerDraft: CustomerData;
  request: Request | null;
  requestDraft: RequestData | null;
  activity: Activity | null;
  activityDraft: ActivityData | null;
  /**
   * Cautions not loaded yet and fields both agents changed that are still to
   * choose (R4.2): kept with the input, so a reload, a restarted session or a
   * switch of customer never turns an open choice into a silent overwrite.
   * Absent in drafts saved before they were kept.
   */
  cautions?: Caution[];
  choices?: PendingChoice[];
  /** The request this interaction created (R2.5), if it did: closed as empty when left without a title or description. */
  createdRequestId?: string | null;
}

export interface SavedWorkspaces {
  activeKey: string | null;
  open: SavedWorkspace[];
}

/** Minimal synchronous key-value storage (localStorage's shape), so tests can give their own. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/**
 * Keeps unsaved input and the Recent list of one agent across reloads. It
 * writes synchronously on every change, so a reload or crash right after a
 * keystroke loses nothing.
 */
export class DraftStore {
  readonly agentId: string;
  private readonly namespace: string;
  private readonly prefix: string;
  private readonly storage: KeyValueStorage | undefined;

  /**
   * `namespace` separates what different backends keep (the element uses its
   * database, or the CouchDB server and database), `agentId` what different
   * agents of one browser profile keep.
   */
  constructor(agentId: string, namespace = 'customer-context', storage?: KeyValueStorage) {
    this.agentId = agentId;
    this.namespace = namespace;
    this.prefix = `${namespace}:${agentId}`;
    this.storage = storage ?? safeLocalStorage();
  }

  /** The same storage and namespace, for another agent. */
  forAgent(agentId: string): DraftStore {
    return new DraftStore(agentId, this.namespace, this.storage);
  }

  loadWorkspaces(): SavedWorkspaces {
    return this.read<SavedWorkspaces>('workspaces') ?? { activeKey: null, open: [] };
  }

  saveWorkspaces(value: SavedWorkspaces): void {
    this.write('workspaces', value);
  }

  loadRecent(): RecentCustomer[] {
    return this.read<RecentCustomer[]>('recent') ?? [];
  }

  saveRecent(value: RecentCustomer[]): void {
    this.write('recent', value);
  }

  clear(): void {
    this.storage?.removeItem(`${this.prefix}:workspaces`);
    this.storage?.removeItem(`${this.prefix}:recent`);
  }

  private read<T>(name: string): T | undefined {
    try {
      const raw = this.storage?.getItem(`${this.prefix}:${name}`);
      return raw ? (JSON.parse(raw) as T) : undefined;
    } catch {
      return undefined;
    }
  }

  private write(name: string, value: unknown): void {
    try {
      this.storage?.setItem(`${this.prefix}:${name}`, JSON.stringify(value));
    } catch {
      // storage full or disabled: the drafts stay in memory for this page
    }
  }
}

function safeLocalStorage(): KeyValueStorage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}
