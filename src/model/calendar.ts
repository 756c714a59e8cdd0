// Days in the agent's time zone: which calendar day an instant falls on, and when a day starts there.
// Used by the session (where a journey's time frame starts) and by <journey-view> (its day separators).

/** A day in the calendar and a time of day, as a clock in some time zone shows it. */
export interface Civil {
  year: number;
  /** 1–12. */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const civilFormats = new Map<string, Intl.DateTimeFormat>();

/** What a clock in `timeZone` shows at `ms` ('' or an unknown zone: the browser's own). */
export function civil(ms: number, timeZone: string): Civil {
  let format = civilFormats.get(timeZone);
  if (!format) {
    const options: Intl.DateTimeFormatOptions = {
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    };
    try {
      format = new Intl.DateTimeFormat('en-US', { ...options, timeZone: timeZone || undefined });
    } catch {
      format = new Intl.DateTimeFormat('en-US', options);
    }
    civilFormats.set(timeZone, format);
  }
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(ms)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour! % 24, minute: parts.minute!, second: parts.second! };
}

/**
 * The instant (ms) the calendar day `year-month-day` starts in `timeZone`:
 * midnight, or the hour after when a DST change skips midnight. Days past the
 * month's end roll over (`day + 1` is the next day).
 */
export function startOfDay(year: number, month: number, day: number, timeZone: string): number {
  const wall = Date.UTC(year, month - 1, day);
  // The zone's offset at a guess, then at the corrected guess (right across a DST change).
  let guess = wall;
  for (let i = 0; i < 3; i++) {
    const c = civil(guess, timeZone);
    const next = wall - (Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second) - guess);
    if (next === guess) break;
    guess = next;
  }
  const c = civil(guess, timeZone);
  return Date.UTC(c.year, c.month - 1, c.day) < wall ? guess + 3_600_000 : guess;
}

/** The day `ms` falls on in `timeZone`: when it starts and when the next one starts (ms). */
export function dayRange(ms: number, timeZone: string): { start: number; end: number } {
  const c = civil(ms, timeZone);
  return { start: startOfDay(c.year, c.month, c.day, timeZone), end: startOfDay(c.year, c.month, c.day + 1, timeZone) };
}
