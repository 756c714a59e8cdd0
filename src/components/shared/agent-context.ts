import { createContext } from '@lit/context';

/** Who is working and how they read dates: provided by `<customer-context>`, read by every inner element. */
export interface AgentContextValue {
  agentId: string;
  agentName: string;
  /** BCP 47 locale, e.g. `es-ES`. */
  locale: string;
  /** IANA time zone, e.g. `Europe/Madrid`. */
  timeZone: string;
}

export const agentContext = createContext<AgentContextValue>(Symbol('cc-agent'));

/** What an element uses when no `<customer-context>` provides an agent (it is used on its own). */
export function defaultAgent(): AgentContextValue {
  const options = Intl.DateTimeFormat().resolvedOptions();
  return { agentId: 'agent', agentName: '', locale: navigator.language || options.locale, timeZone: options.timeZone };
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** A date and time in the agent's locale and time zone (R2.4). Formatters are cached. */
export function formatDateTime(iso: string, agent: Pick<AgentContextValue, 'locale' | 'timeZone'>, style: 'short' | 'medium' = 'medium'): string {
  const key = `${agent.locale}|${agent.timeZone}|${style}`;
  let format = formats.get(key);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat(agent.locale, { dateStyle: style, timeStyle: 'short', timeZone: agent.timeZone });
    } catch {
      format = new Intl.DateTimeFormat(undefined, { dateStyle: style, timeStyle: 'short' });
    }
    formats.set(key, format);
  }
  return format.format(new Date(iso));
}
