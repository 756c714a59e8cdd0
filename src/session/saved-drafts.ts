import * as z from 'zod/mini';
import { ActivityDataSchema, ContactSchema, CustomerDataSchema, INTERACTION_CHANNELS, RequestDataSchema, type Kind } from '../model/index.js';
import { isoDate, list, text } from '../model/schema-parts.js';
import { DATA_FIELDS } from './merge.js';
import type { RecentCustomer } from './types.js';
import type { SavedWorkspace } from './workspace.js';

/**
 * The shape drafts are saved in, and how they are read back: parsed, checked
 * against the model's schemas, and moved forward from an older version. What
 * cannot be read is handed back to be set aside (never dropped, never thrown).
 *
 * Versions: 1 (no `version` field) kept each record's base and draft as flat
 * `customer`/`customerDraft`… fields, and older drafts of it have no
 * `cautions`, `choices` or `createdRequestId`. 2 keeps `records[kind] = { base, draft }`.
 */
export const DRAFTS_VERSION = 2;

export interface SavedWorkspaces {
  activeKey: string | null;
  open: SavedWorkspace[];
}

/** A piece of saved drafts that could not be read, as it was stored, and why. */
export interface Unreadable {
  raw: string;
  reason: string;
}

export interface Read<T> {
  value: T;
  /** What could not be read: one piece per entry, or the whole value (then `value` is empty). */
  unreadable: Unreadable[];
  /** Whether the stored value has to be written again (something was taken out of it). */
  rewrite: boolean;
}

// ---- schemas ---------------------------------------------------------------------

const meta = <K extends Kind>(kind: K) => ({
  type: z.literal(kind),
  id: text(),
  rev: text(),
  createdAt: text(),
  updatedAt: text(),
  updatedBy: text(),
});

/** Input as the agent typed it: the model's rules, every text bounded (a tag's 50 characters are checked when it is added). */
const DRAFT = {
  customer: CustomerDataSchema,
  request: RequestDataSchema,
  activity: z.object({ ...ActivityDataSchema.shape, tags: list(text()) }),
};

/** A stored record: its data by the model's rules, its meta fields, and whatever else the store keeps on it. */
const RECORD = {
  customer: z.looseObject({ ...CustomerDataSchema.shape, ...meta('customer') }),
  request: z.looseObject({ ...RequestDataSchema.shape, ...meta('request') }),
  activity: z.looseObject({ ...DRAFT.activity.shape, ...meta('activity') }),
};

const InteractionSchema = z.object({
  interactionId: text(),
  channel: z.enum(INTERACTION_CHANNELS),
  from: ContactSchema,
  subject: text(),
  at: isoDate(),
  ended: z.boolean(),
});

const caution = <K extends Kind>(kind: K) => z.object({ kind: z.literal(kind), theirs: RECORD[kind], base: z.optional(z.null()) });
const CautionSchema = z.discriminatedUnion('kind', [caution('customer'), caution('request'), caution('activity')]);

/** A value of `field` that a record of `kind` can hold. */
function fieldValue(kind: Kind, field: string, value: unknown): boolean {
  if (!(DATA_FIELDS[kind] as readonly string[]).includes(field)) return false;
  const schema = (DRAFT[kind].shape as Record<string, z.ZodMiniType>)[field]!;
  return schema.safeParse(value).success;
}

const ChoiceSchema = z
  .object({
    kind: z.enum(['customer', 'request', 'activity']),
    conflicts: z.array(z.object({ field: text(), mine: z.unknown(), theirs: z.unknown() })),
  })
  .check(
    z.refine(
      (choice) => choice.conflicts.every((c) => fieldValue(choice.kind, c.field, c.mine) && fieldValue(choice.kind, c.field, c.theirs)),
      'a field to choose that the record cannot hold',
    ),
  );

const slot = <B extends z.ZodMiniType, D extends z.ZodMiniType>(base: B, draft: D) => z.object({ base: z.nullable(base), draft });

const SavedWorkspaceSchema = z.object({
  key: text(),
  interaction: z.nullable(InteractionSchema),
  records: z.object({
    customer: slot(RECORD.customer, DRAFT.customer),
    request: slot(RECORD.request, z.nullable(DRAFT.request)),
    activity: slot(RECORD.activity, z.nullable(DRAFT.activity)),
  }),
  cautions: z.array(CautionSchema),
  choices: z.array(ChoiceSchema),
  createdRequestId: z.nullable(text()),
});

const RecentSchema = z.object({
  customerId: text(),
  name: text(),
  closedAt: text(),
  requestTitle: z.optional(text()),
  channel: z.optional(z.nullable(z.enum(INTERACTION_CHANNELS))),
});

// ---- reading -----------------------------------------------------------------------

type Plain = Record<string, unknown>;
const isPlain = (value: unknown): value is Plain => typeof value === 'object' && value !== null && !Array.isArray(value);

function reasonOf(error: z.core.$ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.map(String).join('.') || '(value)'}: ${issue.message}`.slice(0, 200) : 'invalid';
}

function whole<T>(raw: string, reason: string, empty: T): Read<T> {
  return { value: empty, unreadable: [{ raw, reason }], rewrite: true };
}

/** A version-1 entry (flat `customer`/`customerDraft`… fields) in the version-2 shape, for the schema to check. */
function fromVersion1(entry: unknown): unknown {
  if (!isPlain(entry)) return entry;
  const { customer, customerDraft, request, requestDraft, activity, activityDraft, cautions, choices, createdRequestId, ...rest } = entry;
  return {
    ...rest,
    records: {
      customer: { base: customer, draft: customerDraft },
      request: { base: request, draft: requestDraft },
      activity: { base: activity, draft: activityDraft },
    },
    // Drafts saved before these were kept have none.
    cautions: cautions ?? [],
    choices: choices ?? [],
    createdRequestId: createdRequestId ?? null,
  };
}

/** Reads the saved Open list: each entry checked on its own, so one damaged work area never costs the others. */
export function readWorkspaces(raw: string): Read<SavedWorkspaces> {
  const empty: SavedWorkspaces = { activeKey: null, open: [] };
  let stored: unknown;
  try {
    stored = JSON.parse(raw);
  } catch {
    return whole(raw, 'not JSON', empty);
  }
  if (!isPlain(stored) || !Array.isArray(stored.open)) return whole(raw, 'not a list of work areas', empty);
  const version = stored.version ?? 1;
  if (version !== 1 && version !== DRAFTS_VERSION) return whole(raw, `unknown version ${String(version).slice(0, 20)}`, empty);
  const open: SavedWorkspace[] = [];
  const unreadable: Unreadable[] = [];
  for (const entry of stored.open) {
    const parsed = SavedWorkspaceSchema.safeParse(version === 1 ? fromVersion1(entry) : entry);
    if (parsed.success) open.push(parsed.data);
    else unreadable.push({ raw: JSON.stringify(entry) ?? String(entry), reason: reasonOf(parsed.error) });
  }
  const key = stored.activeKey;
  const activeKey = typeof key === 'string' && open.some((w) => w.key === key) ? key : null;
  return { value: { activeKey, open }, unreadable, rewrite: unreadable.length > 0 };
}

/** Reads the saved Recent list (version 1: a bare array). */
export function readRecent(raw: string): Read<RecentCustomer[]> {
  let stored: unknown;
  try {
    stored = JSON.parse(raw);
  } catch {
    return whole(raw, 'not JSON', []);
  }
  const version = Array.isArray(stored) ? 1 : isPlain(stored) ? stored.version : undefined;
  const entries = Array.isArray(stored) ? stored : isPlain(stored) ? stored.recent : undefined;
  if (version !== 1 && version !== DRAFTS_VERSION) return whole(raw, `unknown version ${String(version).slice(0, 20)}`, []);
  if (!Array.isArray(entries)) return whole(raw, 'not a list of customers', []);
  const value: RecentCustomer[] = [];
  const unreadable: Unreadable[] = [];
  for (const entry of entries) {
    const parsed = RecentSchema.safeParse(entry);
    if (parsed.success) value.push(parsed.data);
    else unreadable.push({ raw: JSON.stringify(entry) ?? String(entry), reason: reasonOf(parsed.error) });
  }
  return { value, unreadable, rewrite: unreadable.length > 0 };
}

/** What is written: the current version, always. */
export function writtenWorkspaces(value: SavedWorkspaces, savedAt?: string): unknown {
  return { version: DRAFTS_VERSION, ...(savedAt ? { savedAt } : {}), activeKey: value.activeKey, open: value.open };
}

/** When the stored drafts were saved (`savedAt`, written since drafts follow the agent across nodes), if it says. */
export function savedAtOf(raw: string): string | undefined {
  try {
    const stored: unknown = JSON.parse(raw);
    return isPlain(stored) && typeof stored.savedAt === 'string' ? stored.savedAt : undefined;
  } catch {
    return undefined;
  }
}

export function writtenRecent(value: readonly RecentCustomer[]): unknown {
  return { version: DRAFTS_VERSION, recent: value };
}
