import type { Activity, AnyRecord, Channel, Customer, Request } from '../src/model/index.js';

/** A small deterministic PRNG (mulberry32): the same seed gives the same data everywhere. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Ana', 'Lucía', 'Javier', 'Carmen', 'Pablo', 'Camille', 'Louis', 'Chloé', 'Hugo', 'Léa', 'Lukas', 'Anna', 'Jonas', 'Marie', 'Felix', 'João', 'Maria', 'Pedro', 'Beatriz', 'Rafael', 'Emma', 'Oliver', 'Sophie', 'James', 'Grace'];
const LAST = ['García', 'Martínez', 'López', 'Sánchez', 'Dubois', 'Lefèvre', 'Moreau', 'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Silva', 'Santos', 'Oliveira', 'Costa', 'Smith', 'Johnson', 'Brown', 'Taylor', 'Wilson'];
const STREETS = ['Calle Mayor', 'Rue de la Paix', 'Hauptstraße', 'Rua Augusta', 'High Street', 'Gran Vía', 'Avenue Foch', 'Bahnhofstraße'];
const CITIES = ['Madrid', 'Lyon', 'Berlin', 'Lisboa', 'London', 'Sevilla', 'Paris', 'München', 'Porto', 'Manchester'];
const TITLES = ['Router keeps rebooting', 'Invoice amount looks wrong', 'Cannot log in to the portal', 'Move service to new address', 'Slow broadband in the evening', 'Refund for duplicate charge', 'Upgrade to fibre plan', 'Lost SIM card', 'Roaming not working abroad', 'Cancel the TV add-on', 'Change of payment method', 'Technician appointment'];
const SUBJECTS = ['Follow-up call', 'Customer asked for status', 'Sent troubleshooting steps', 'Escalated to second line', 'Confirmed the appointment', 'Explained the invoice', 'Password reset', 'Customer satisfied', 'Callback requested', 'Documents received'];
const TAGS = ['Billing', 'Technical', 'VIP', 'Complaint', 'Fibre', 'Mobile', 'Urgent', 'Callback', 'Retention', 'Refund', 'Outage', 'New customer'];
const CHANNELS: Array<[Channel, number]> = [['voice', 0.45], ['chat', 0.25], ['email', 0.2], ['note', 0.08], ['other', 0.02]];

/** The day the generated history ends (fixed, so the data is the same on every machine). */
export const SAMPLE_END = Date.UTC(2026, 10, 15, 18, 0, 0);
const TWO_YEARS = 2 * 365 * 24 * 3600 * 1000;

function pick<T>(rnd: () => number, list: readonly T[]): T {
  return list[Math.floor(rnd() * list.length)]!;
}

function channel(rnd: () => number): Channel {
  let x = rnd();
  for (const [c, p] of CHANNELS) {
    if ((x -= p) <= 0) return c;
  }
  return 'voice';
}

function meta<K extends AnyRecord['type']>(type: K, id: string, at: string) {
  return { type, id, rev: '1-sample', createdAt: at, updatedAt: at, updatedBy: 'sample-data' };
}

export interface SampleOptions {
  customers?: number;
  activities?: number;
  seed?: number;
  /** Prefix for ids, so several generated sets can live in one database. */
  prefix?: string;
}

/** The phone number of sample customer `i`, e.g. to simulate a call from a known customer. */
export function samplePhone(i: number): string {
  return `+34 600 ${String(100000 + i).slice(0, 3)} ${String(100000 + i).slice(3)}`;
}

export function sampleEmail(first: string, last: string, i: number): string {
  const plain = `${first}.${last}`.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  return `${plain}${i}@example.com`;
}

/**
 * Realistic, deterministic sample data: customers with es/fr/de/pt/en names,
 * phones, emails and chat ids; open and closed requests; activities over two
 * years on several channels, with tags. Defaults: 200 customers, 5,000 activities.
 */
export function* sampleRecords(options: SampleOptions = {}): Generator<AnyRecord> {
  const customers = options.customers ?? 200;
  const activities = options.activities ?? 5000;
  const prefix = options.prefix ?? 'demo';
  const rnd = random(options.seed ?? 42);
  const perCustomer = activities / customers;
  let made = 0;
  for (let i = 0; i < customers; i++) {
    const first = pick(rnd, FIRST);
    const last = pick(rnd, LAST);
    const since = SAMPLE_END - Math.floor(rnd() * TWO_YEARS);
    const customerId = `customer:${prefix}-${i}`;
    const customer: Customer = {
      ...meta('customer', customerId, new Date(since).toISOString()),
      name: `${first} ${last}`,
      phones: [samplePhone(i)],
      emails: [sampleEmail(first, last, i)],
      chatIds: rnd() < 0.5 ? [`${first.toLowerCase()}${i}`.normalize('NFD').replace(/\p{M}/gu, '')] : [],
      address: `${pick(rnd, STREETS)} ${1 + Math.floor(rnd() * 120)}, ${pick(rnd, CITIES)}`,
      fields: rnd() < 0.3 ? { Contract: `C-${10000 + i}` } : {},
    };
    yield customer;
    const requestCount = Math.floor(rnd() * 4);
    const requests: Request[] = [];
    for (let r = 0; r < requestCount; r++) {
      const opened = since + Math.floor(rnd() * (SAMPLE_END - since));
      const closed = rnd() < 0.6 ? Math.min(SAMPLE_END, opened + Math.floor(rnd() * 20 * 86400000)) : null;
      const openedAt = new Date(opened).toISOString();
      const request: Request = {
        ...meta('request', `request:${prefix}-${i}-${r}`, openedAt),
        customerId,
        title: pick(rnd, TITLES),
        description: rnd() < 0.7 ? 'Customer reported the problem by phone; details in the activities.' : '',
        status: closed === null ? 'open' : 'closed',
        openedAt,
        closedAt: closed === null ? null : new Date(closed).toISOString(),
      };
      requests.push(request);
      yield request;
    }
    const count = i === customers - 1 ? activities - made : Math.max(1, Math.round(perCustomer * (0.2 + rnd() * 1.6)));
    for (let a = 0; a < count && made < activities; a++, made++) {
      const at = new Date(since + Math.floor(rnd() * (SAMPLE_END - since))).toISOString();
      const tags = new Set<string>();
      const tagCount = Math.floor(rnd() * 3);
      for (let t = 0; t < tagCount; t++) tags.add(pick(rnd, TAGS));
      const activity: Activity = {
        ...meta('activity', `activity:${prefix}-${i}-${a}`, at),
        customerId,
        requestId: requests.length && rnd() < 0.7 ? pick(rnd, requests).id : null,
        channel: channel(rnd),
        interactionId: null,
        at,
        subject: pick(rnd, SUBJECTS),
        notes: rnd() < 0.4 ? 'Agent notes: customer was polite, issue explained.' : '',
        tags: [...tags],
      };
      yield activity;
    }
  }
}

/** Sample customer `i`'s name, without generating everything (same PRNG walk). */
export function sampleCustomers(options: SampleOptions = {}): Customer[] {
  return [...sampleRecords(options)].filter((r): r is Customer => r.type === 'customer');
}
