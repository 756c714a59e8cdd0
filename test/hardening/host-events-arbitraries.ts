import fc from 'fast-check';
import { HOST_EVENT_TYPES } from '../../src/model/index.js';

/**
 * Generators of host events for the fuzz test: valid ones (to be judged by the
 * order rules), valid ones with exactly one field broken (refused as
 * `invalid-event` naming that field), unknown types, garbage of every JS type,
 * and hostile objects (getters and proxies that throw, cycles, huge strings).
 */

export type Expectation =
  /** A well-formed event: accepted unless the order rules refuse it (`out-of-order`). */
  | { kind: 'valid' }
  /** Exactly one field broken: `invalid-event` naming `field`. */
  | { kind: 'invalid'; field: string }
  /** A `type` outside the contract: `unknown-event`. */
  | { kind: 'unknown' }
  /** Anything else: refused as `invalid-event` or `unknown-event`. */
  | { kind: 'garbage' };

/** One generated event and what must happen to it. Printed safely (hostile values can throw when read). */
export class Case {
  constructor(
    readonly family: string,
    readonly event: unknown,
    readonly expect: Expectation,
  ) {}

  [fc.toStringMethod](): string {
    let shown: string;
    try {
      shown = JSON.stringify(this.event, (_k, v: unknown) => (typeof v === 'string' && v.length > 80 ? `${v.slice(0, 40)}…(${v.length} chars)` : typeof v === 'bigint' ? `${v}n` : v));
    } catch {
      shown = '(unprintable)';
    }
    return `${this.family}: ${shown?.slice(0, 400)} → ${JSON.stringify(this.expect)}`;
  }
}

const IDS = ['i1', 'i2', 'i3', 'i4'];
/** Mostly a small pool of ids, so started / ended / offered / withdrawn collide and the order rules are exercised. */
const interactionId = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...IDS) }, { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 200 }) });
const shortText = fc.oneof(
  { weight: 6, arbitrary: fc.string({ maxLength: 24 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom('x'.repeat(2000), '\u202Ertl\u200B', '<img src=x onerror=window.__xss(1)>', '') },
);
const isoDate = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2090-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
const channel = fc.constantFrom('voice', 'chat', 'email');
const phones = fc.constantFrom('+34 600 100 200', '555 0100', '+1 (555) 010-2030', 'not a phone', '');
const contact = fc.record(
  {
    name: shortText,
    phone: phones,
    email: fc.oneof(fc.emailAddress(), fc.constant('known@example.com')),
    chatId: fc.string({ maxLength: 30 }),
  },
  { requiredKeys: [] },
);
/** Keys the contract does not know: stripped, never refused. */
const extras = fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }).filter((k) => !['type', 'interactionId', 'channel', 'from', 'subject', 'at', 'autoAssigned', 'state', 'reason', 'agentId', 'agentName', 'locale', 'timeZone', 'dropUnsent'].includes(k)), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 2 });

function withExtras<T extends object>(base: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.tuple(base, fc.oneof({ weight: 4, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: extras })).map(([event, more]) => ({ ...more, ...event }));
}

const interaction = {
  interactionId,
  channel,
  from: contact,
  subject: shortText,
  at: isoDate,
};

export const validEvents: Record<string, fc.Arbitrary<Record<string, unknown>>> = {
  'interaction.started': fc.record({ type: fc.constant('interaction.started'), ...interaction }, { requiredKeys: ['type', 'interactionId', 'channel', 'from', 'at'] }),
  'interaction.ended': fc.record({ type: fc.constant('interaction.ended'), interactionId, at: isoDate }, { requiredKeys: ['type', 'interactionId'] }),
  'interaction.offered': fc.record(
    { type: fc.constant('interaction.offered'), ...interaction, autoAssigned: fc.boolean() },
    { requiredKeys: ['type', 'interactionId', 'channel', 'from', 'at'] },
  ),
  'interaction.withdrawn': fc.record({ type: fc.constant('interaction.withdrawn'), interactionId }),
  'agent.state': fc.record({ type: fc.constant('agent.state'), state: fc.constantFrom('ready', 'not-ready'), reason: shortText }, { requiredKeys: ['type', 'state'] }),
  'host.context': fc.record(
    {
      type: fc.constant('host.context'),
      agentId: fc.string({ minLength: 1, maxLength: 200 }),
      agentName: shortText,
      locale: fc.oneof(fc.constantFrom('en', 'es-ES', 'fr', 'de-DE', 'pt-BR', 'pt-PT', 'zz', 'x'.repeat(35)), fc.string({ maxLength: 35 })),
      timeZone: fc.oneof(fc.constantFrom('Europe/Madrid', 'UTC', 'America/Sao_Paulo', 'Not/AZone'), fc.string({ maxLength: 64 })),
    },
    { requiredKeys: ['type', 'agentId'] },
  ),
  'host.signed-out': fc.record({ type: fc.constant('host.signed-out'), dropUnsent: fc.boolean() }, { requiredKeys: ['type'] }),
};

const valid: fc.Arbitrary<Case> = fc
  .oneof(...Object.values(validEvents).map((arb) => withExtras(arb)))
  .map((event) => new Case('valid', event, { kind: 'valid' }));

/** Values of the wrong type for a field that must be a string (or an object, for `from`). */
const wrongType = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
  fc.array(fc.string(), { minLength: 1, maxLength: 2 }),
  fc.constant({}),
  fc.bigInt().map((b) => b),
  fc.constant(Symbol('nope')),
  fc.constant(() => 'a function'),
  fc.constant(new Date('2026-01-01T00:00:00Z')),
);

type Breaker = [field: string, value: fc.Arbitrary<unknown> | 'missing'];
const textBreakers = (field: string): Breaker[] => [
  [field, wrongType.filter((v) => typeof v !== 'string')],
  [field, fc.constantFrom('y'.repeat(2001), '😀'.repeat(1001), 'z'.repeat(100_000))],
];
const idBreakers = (field: string): Breaker[] => [
  [field, 'missing'],
  [field, fc.constantFrom('', 'i'.repeat(201), 'j'.repeat(100_000))],
  [field, wrongType],
];
const dateBreakers = (field: string, required: boolean): Breaker[] => [
  ...(required ? ([[field, 'missing']] as Breaker[]) : []),
  [field, fc.constantFrom('yesterday', 'not a date', '', '2026-13-45T99:99:99Z', `2026-01-01T00:00:00.000Z${' '.repeat(60)}`)],
  [field, wrongType.filter((v) => typeof v !== 'string')],
];
const interactionBreakers: Breaker[] = [
  ...idBreakers('interactionId'),
  ['channel', 'missing'],
  ['channel', fc.constantFrom('fax', 'VOICE', 'note', 'other', '', 'sms')],
  ['channel', wrongType],
  ['from', 'missing'],
  ['from', fc.oneof(fc.constant(null), fc.string(), fc.integer(), fc.constant([]), fc.constant([{ phone: '1' }]))],
  ...textBreakers('from.name'),
  ...textBreakers('from.phone'),
  ...textBreakers('from.email'),
  ...textBreakers('from.chatId'),
  ...textBreakers('subject'),
  ...dateBreakers('at', true),
];
const BREAKERS: Record<string, Breaker[]> = {
  'interaction.started': interactionBreakers,
  'interaction.offered': [...interactionBreakers, ['autoAssigned', fc.oneof(fc.constantFrom('yes', 'true', 1, 0, null), fc.string())]],
  'interaction.ended': [...idBreakers('interactionId'), ...dateBreakers('at', false)],
  'interaction.withdrawn': idBreakers('interactionId'),
  'agent.state': [['state', 'missing'], ['state', fc.constantFrom('busy', 'READY', 'talking', '', 'not_ready')], ['state', wrongType], ...textBreakers('reason')],
  'host.context': [
    ...idBreakers('agentId'),
    ...textBreakers('agentName'),
    ['locale', fc.constantFrom('x'.repeat(36), 'en'.repeat(1000))],
    ['locale', wrongType.filter((v) => typeof v !== 'string')],
    ['timeZone', fc.constantFrom('t'.repeat(65))],
    ['timeZone', wrongType.filter((v) => typeof v !== 'string')],
  ],
  'host.signed-out': [['dropUnsent', fc.oneof(fc.constantFrom('yes', 'true', 1, 0, null), fc.string())]],
};

function setPath(target: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(target);
  const [head, tail] = path.split('.') as [string, string | undefined];
  if (tail === undefined) {
    if (value === MISSING) delete copy[head];
    else copy[head] = value;
    return copy;
  }
  const inner = { ...((copy[head] as Record<string, unknown>) ?? {}) };
  inner[tail] = value;
  copy[head] = inner;
  return copy;
}
const MISSING = Symbol('missing');

const broken: fc.Arbitrary<Case> = fc
  .constantFrom(...HOST_EVENT_TYPES)
  .chain((type) =>
    fc.tuple(validEvents[type]!, fc.constantFrom(...BREAKERS[type]!)).chain(([event, [field, value]]) =>
      (value === 'missing' ? fc.constant(MISSING as unknown) : value).map(
        (bad) => new Case(`invalid ${type} ${field}`, setPath(event, field, bad), { kind: 'invalid', field }),
      ),
    ),
  );

const unknownType: fc.Arbitrary<Case> = fc
  .tuple(
    fc.oneof(
      fc.constantFrom('interaction.start', 'INTERACTION.STARTED', 'interaction.started ', ' agent.state', 'host.Context', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'cc-error', '', 'x'.repeat(5000)),
      fc.string().filter((type) => !(HOST_EVENT_TYPES as readonly string[]).includes(type)),
    ),
    validEvents['interaction.started']!,
  )
  .map(([type, rest]) => new Case('unknown type', { ...rest, type }, { kind: 'unknown' }));

/** Throws whenever it is read. */
function boom(): never {
  throw new Error('hostile getter');
}

/** Objects a careless or hostile host page could hand to `receive()` directly. */
const hostile: fc.Arbitrary<Case> = fc
  .constantFrom(
    'getter on type',
    'getter on a field',
    'getter on from.phone',
    'proxy throwing on every trap',
    'proxy with a valid type',
    'cyclic object',
    'null prototype',
    'array with a type',
    'function with a type',
    'toString throws',
    'revoked proxy',
    'frozen valid event',
    '__proto__ key',
    'huge string',
    'deep nesting',
  )
  .map((family) => {
    let event: unknown;
    let expected: Expectation = { kind: 'garbage' };
    switch (family) {
      case 'getter on type':
        event = Object.defineProperty({}, 'type', { get: boom, enumerable: true });
        break;
      case 'getter on a field':
        event = Object.defineProperty({ type: 'interaction.ended' }, 'interactionId', { get: boom, enumerable: true });
        break;
      case 'getter on from.phone':
        event = { type: 'interaction.started', interactionId: 'h1', channel: 'voice', at: '2026-01-01T00:00:00Z', from: Object.defineProperty({}, 'phone', { get: boom, enumerable: true }) };
        break;
      case 'proxy throwing on every trap':
        event = new Proxy({}, { get: boom, has: boom, ownKeys: boom, getOwnPropertyDescriptor: boom, getPrototypeOf: boom });
        break;
      case 'proxy with a valid type':
        event = new Proxy({ type: 'agent.state', state: 'ready' }, { get: (_target, k) => (k === 'type' ? 'agent.state' : boom()) });
        break;
      case 'cyclic object': {
        const cyclic: Record<string, unknown> = { type: 'interaction.started', interactionId: 'c1', channel: 'chat', at: '2026-01-01T00:00:00Z' };
        cyclic.from = cyclic;
        cyclic.self = cyclic;
        // Unknown keys are stripped: `from` reads as {}, the cycle is never followed.
        event = cyclic;
        expected = { kind: 'valid' };
        break;
      }
      case 'null prototype':
        event = Object.assign(Object.create(null) as object, { type: 'interaction.withdrawn', interactionId: 42 });
        expected = { kind: 'invalid', field: 'interactionId' };
        break;
      case 'array with a type':
        event = Object.assign(['interaction.started'], { type: 'interaction.started' });
        break;
      case 'function with a type':
        event = Object.assign(() => undefined, { type: 'agent.state', state: 'ready' });
        break;
      case 'toString throws':
        event = { type: { toString: boom, valueOf: boom }, interactionId: { toString: boom } };
        break;
      case 'revoked proxy': {
        const { proxy, revoke } = Proxy.revocable({ type: 'agent.state', state: 'ready' }, {});
        revoke();
        event = proxy;
        break;
      }
      case 'frozen valid event':
        event = Object.freeze({ type: 'agent.state', state: 'not-ready', reason: Object.freeze('frozen') });
        expected = { kind: 'valid' };
        break;
      case '__proto__ key':
        event = JSON.parse('{"type":"host.context","agentId":"proto-agent","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}');
        expected = { kind: 'valid' };
        break;
      case 'huge string':
        event = 'x'.repeat(1_000_000);
        break;
      case 'deep nesting': {
        let deep: Record<string, unknown> = { type: 'host.context', agentId: 'deep' };
        for (let i = 0; i < 5000; i++) deep = { type: 'host.context', agentId: `d${i}`, agentName: 'n', nested: deep };
        event = deep;
        expected = { kind: 'valid' };
        break;
      }
    }
    return new Case(`hostile: ${family}`, event, expected);
  });

const garbage: fc.Arbitrary<Case> = fc
  .oneof(
    fc.anything({
      maxDepth: 3,
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withObjectString: true,
      withSparseArray: true,
      withTypedArray: true,
    }),
    fc.constantFrom(undefined, null, 0, -0, NaN, Infinity, '', 'interaction.started', true, [], {}, Symbol('event'), 10n),
    fc.func(fc.anything()),
    fc.json(),
  )
  .map((value) => new Case('garbage', value, { kind: 'garbage' }));

/**
 * One host event of any family. Weights: half well-formed (so the order rules
 * meet ended-before-started, offered twice, withdrawn after accept …), the
 * rest invalid, unknown, garbage and hostile.
 */
export const anyHostEvent: fc.Arbitrary<Case> = fc.oneof(
  { weight: 10, arbitrary: valid },
  { weight: 6, arbitrary: broken },
  { weight: 2, arbitrary: unknownType },
  { weight: 3, arbitrary: garbage },
  { weight: 1, arbitrary: hostile },
);
