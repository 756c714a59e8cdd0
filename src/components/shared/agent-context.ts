import { createContext } from '@lit/context';
import { cachedFormat } from './locale-format.js';

/** Who is working and how they read dates: provided by `<customer-context>`, read by every inner element. */
export interface AgentContextValue {
  agentId: string;
  agentName: string;
  /** BCP 47 locale, e.g. `es-ES`. */
  locale: string;
  /** IANA time zone, e.g. `Europe/Madrid`; empty: the browser's own. */
  timeZone: string;
}

export const agentContext = createContext<AgentContextValue>(Symbol('cc-agent'));

/**
 * What an element uses when no `<customer-context>` provides an agent (it is
 * used on its own): the browser's language and time zone. The time zone stays
 * empty (formatting then uses the browser's own) and no `Intl` object is made
 * here: the first one in a page loads the ICU data, 50–100 ms on a slow
 * machine, which start-up does not need to wait for.
 */
export function defaultAgent(): AgentContextValue {
  return { agentId: 'agent', agentName: '', locale: navigator.language || 'en', timeZone: '' };
}

const formats = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, timeZone: string, style: 'short' | 'medium'): Intl.DateTimeFormat {
  return cachedFormat(
    formats,
    `${locale}|${timeZone}|${style}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: style, timeStyle: 'short', timeZone: timeZone || undefined }),
    () => new Intl.DateTimeFormat(undefined, { dateStyle: style, timeStyle: 'short' }),
  );
}

/** A date and time in the agent's locale and time zone (R2.4). Formatters are cached. */
export function formatDateTime(iso: string, agent: Pick<AgentContextValue, 'locale' | 'timeZone'>, style: 'short' | 'medium' = 'medium'): string {
  return formatter(agent.locale, agent.timeZone, style).format(new Date(iso));
}

// A while after start-up, when the page is idle, load the date formatting data
// (ICU), so the first journey shown does not wait for it either.
const WARM_UP_AFTER_MS = 2000;
if (typeof requestIdleCallback === 'function') {
  setTimeout(() => requestIdleCallback(() => formatter(navigator.language || 'en', '', 'short')), WARM_UP_AFTER_MS);
}
