import type { RemoteDraft, RemoteDrafts } from '../remote-drafts.js';
import { draftsDocId } from '../remote-drafts.js';
import type { CouchHttp } from './http.js';

/** The CouchDB document of one agent's drafts. Its `type` is no record kind: lookups, search, the journey and the change feed skip it. */
interface DraftsDoc {
  _id: string;
  _rev?: string;
  type: 'drafts';
  agentId: string;
  updatedAt: string;
  drafts: unknown;
  waiting?: { count: number; origin: string };
}

const isDraftsDoc = (body: unknown): body is DraftsDoc =>
  typeof body === 'object' && body !== null && (body as DraftsDoc).type === 'drafts' && typeof (body as DraftsDoc).updatedAt === 'string';

/**
 * `RemoteDrafts` on CouchDB: `drafts:<agentId>` documents (`type: "drafts"`).
 * The last `_rev` seen is kept per agent; a stale one (another desktop of the
 * same agent wrote meanwhile) is read again and the write retried: the last
 * writer wins, as with the local drafts.
 */
export class CouchDrafts implements RemoteDrafts {
  private readonly http: CouchHttp;
  private readonly revs = new Map<string, string | undefined>();

  constructor(http: CouchHttp) {
    this.http = http;
  }

  async read(agentId: string): Promise<RemoteDraft | undefined> {
    const response = await this.http.request('GET', `/${encodeURIComponent(draftsDocId(agentId))}`, { accept: [404] });
    if (response.status === 404) {
      this.revs.set(agentId, undefined);
      return undefined;
    }
    const doc = response.body as DraftsDoc;
    this.revs.set(agentId, doc._rev);
    if (!isDraftsDoc(doc) || doc.agentId !== agentId) return undefined;
    return { updatedAt: doc.updatedAt, value: doc.drafts, ...(doc.waiting ? { waiting: doc.waiting } : {}) };
  }

  async write(agentId: string, draft: RemoteDraft, options: { keepalive?: boolean } = {}): Promise<void> {
    const id = draftsDocId(agentId);
    const doc: DraftsDoc = { _id: id, type: 'drafts', agentId, updatedAt: draft.updatedAt, drafts: draft.value, ...(draft.waiting ? { waiting: draft.waiting } : {}) };
    for (let attempt = 0; ; attempt++) {
      if (!this.revs.has(agentId)) await this.currentRev(agentId);
      const rev = this.revs.get(agentId);
      const response = await this.http.request('PUT', `/${encodeURIComponent(id)}`, {
        body: rev ? { ...doc, _rev: rev } : doc,
        accept: [409],
        ...(options.keepalive ? { keepalive: true } : {}),
      });
      if (response.status !== 409) {
        this.revs.set(agentId, (response.body as { rev: string }).rev);
        return;
      }
      this.revs.delete(agentId);
      if (attempt >= 2) throw new Error(`drafts of ${agentId}: kept changing, not written`);
    }
  }

  async remove(agentId: string, options: { keepalive?: boolean } = {}): Promise<void> {
    const id = draftsDocId(agentId);
    for (let attempt = 0; ; attempt++) {
      if (!this.revs.has(agentId)) await this.currentRev(agentId);
      const rev = this.revs.get(agentId);
      if (!rev) return;
      const response = await this.http.request('DELETE', `/${encodeURIComponent(id)}`, {
        query: { rev },
        accept: [404, 409],
        ...(options.keepalive ? { keepalive: true } : {}),
      });
      if (response.status === 404 || response.status < 300) {
        this.revs.set(agentId, undefined);
        return;
      }
      this.revs.delete(agentId);
      if (attempt >= 2) throw new Error(`drafts of ${agentId}: kept changing, not removed`);
    }
  }

  private async currentRev(agentId: string): Promise<void> {
    const response = await this.http.request('GET', `/${encodeURIComponent(draftsDocId(agentId))}`, { accept: [404] });
    this.revs.set(agentId, response.status === 404 ? undefined : (response.body as { _rev?: string })._rev);
  }
}
