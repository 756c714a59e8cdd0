import { expect } from '@open-wc/testing';
import { HostEventSchema, parseHostEvent } from '../../src/model/index.js';
import { quickHostEvent } from '../../src/model/host-events-quick.js';
import { MAX_TEXT } from '../../src/model/limits.js';

/** A small deterministic generator (mulberry32), so a failure names an input that can be made again. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Values each field may be given: the valid ones and every kind of wrong one. */
const ODD: unknown[] = [undefined, null, 0, 42, true, '', ' ', [], {}, ['x'], 'x'.repeat(201), 'x'.repeat(MAX_TEXT), 'x'.repeat(MAX_TEXT + 1), 'not a date', '2026-13-45', Object.create({ inherited: 1 }), new Date(0)];

function pick<T>(next: () => number, list: readonly T[]): T {
  return list[Math.floor(next() * list.length)]!;
}

function contact(next: () => number): unknown {
  const roll = next();
  if (roll < 0.1) return pick(next, ODD);
  const from: Record<string, unknown> = {};
  for (const key of ['name', 'phone', 'email', 'chatId', 'extra']) {
    const r = next();
    if (r < 0.4) continue;
    from[key] = r < 0.85 ? `${key} ${Math.floor(next() * 1e6)}` : pick(next, ODD);
  }
  return from;
}

/** A started or ended event (the kinds `quickHostEvent` reads), or another type, valid or broken in one or more fields. */
function event(next: () => number): Record<string, unknown> {
  const type = pick(next, ['interaction.started', 'interaction.started', 'interaction.ended', 'interaction.ended', 'interaction.offered', 'agent.state']);
  const fields: Record<string, () => unknown> = {
    interactionId: () => (next() < 0.8 ? `i-${Math.floor(next() * 1e6)}` : pick(next, ODD)),
    channel: () => (next() < 0.8 ? pick(next, ['voice', 'chat', 'email']) : pick(next, [...ODD, 'pigeon', 'VOICE'])),
    from: () => contact(next),
    subject: () => (next() < 0.7 ? `Subject ${Math.floor(next() * 1e3)}` : pick(next, ODD)),
    at: () => (next() < 0.7 ? new Date(Date.UTC(2026, 11, 1) + Math.floor(next() * 1e9)).toISOString() : pick(next, [...ODD, '2026-12-01', 'Tue, 01 Dec 2026 09:00:00 GMT', `${'2026-12-01T09:00:00.000Z'.padEnd(65, ' ')}`])),
    state: () => pick(next, ['ready', 'not-ready', 'away']),
    unknownField: () => pick(next, ODD),
  };
  const out: Record<string, unknown> = { type };
  for (const [key, make] of Object.entries(fields)) {
    // Usually present; sometimes missing, sometimes present as undefined.
    const r = next();
    if (r < 0.12) continue;
    out[key] = r < 0.16 ? undefined : make();
  }
  return out;
}

describe('quickHostEvent: the started and ended events read without zod (issue #20 burst)', () => {
  it('on 20,000 generated events, valid and broken, takes only what the schemas take and returns exactly what they return', () => {
    const next = random(20);
    let taken = 0;
    let valid = 0;
    for (let n = 0; n < 20_000; n++) {
      const input = event(next);
      const schema = HostEventSchema.safeParse(input);
      if (schema.success) valid++;
      const quick = quickHostEvent(input);
      if (quick === undefined) continue;
      taken++;
      expect(schema.success, `taken though the schema refuses: ${JSON.stringify(input)}`).to.equal(true);
      if (schema.success) {
        expect(quick, JSON.stringify(input)).to.deep.equal(schema.data);
        expect(Object.keys(quick).sort(), 'the same keys, none as undefined').to.deep.equal(Object.keys(schema.data).sort());
      }
    }
    // The generator must reach both sides: plenty of valid events taken, plenty refused.
    expect(taken, 'events the quick path took').to.be.greaterThan(1000);
    expect(valid - taken, 'valid events left to the schemas (other types)').to.be.greaterThan(100);
    expect(20_000 - valid, 'broken events').to.be.greaterThan(5000);
  });

  it('takes the usual events as they come from a desktop, and parseHostEvent answers the same with or without it', () => {
    const usual = [
      { type: 'interaction.started', interactionId: 'c-1', channel: 'voice', from: { phone: '+34 600 000 001' }, subject: 'Call', at: '2026-12-01T09:00:00.000Z' },
      { type: 'interaction.started', interactionId: 'c-2', channel: 'chat', from: {}, at: '2026-12-01T09:00:00Z' },
      { type: 'interaction.ended', interactionId: 'c-1', at: '2026-12-01T09:05:00.000Z' },
      { type: 'interaction.ended', interactionId: 'c-2' },
    ];
    for (const input of usual) {
      const quick = quickHostEvent(input);
      expect(quick, JSON.stringify(input)).to.deep.equal(input);
      expect(parseHostEvent(input)).to.deep.equal({ ok: true, event: HostEventSchema.parse(input) });
    }
  });

  it('leaves to the schemas what it is not sure of, so their message names the field', () => {
    const broken = { type: 'interaction.started', interactionId: 'c-1', channel: 'voice', from: { phone: 7 }, at: '2026-12-01T09:00:00.000Z' };
    expect(quickHostEvent(broken)).to.equal(undefined);
    const result = parseHostEvent(broken);
    expect(result.ok).to.equal(false);
    if (!result.ok) expect(result.error.field).to.equal('from.phone');
    // A key present as undefined, and an object of a class: read by the schemas, not here.
    expect(quickHostEvent({ type: 'interaction.ended', interactionId: 'c-1', at: undefined })).to.equal(undefined);
    class Event {
      type = 'interaction.ended';
      interactionId = 'c-1';
    }
    expect(quickHostEvent(new Event() as unknown as Record<string, unknown>)).to.equal(undefined);
  });
});
