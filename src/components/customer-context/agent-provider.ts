import type { ReactiveControllerHost } from 'lit';
import { ContextProvider } from '@lit/context';
import type { AgentInfo } from '../../session/session.js';
import { useLocale } from '../../i18n/localization.js';
import { agentContext, defaultAgent, type AgentContextValue } from '../shared/agent-context.js';

/**
 * Provides the agent to every inner element (`agentContext`): their id and
 * name, and the locale and time zone dates are read in. `host.context`'s
 * locale wins, else the element's `lang`, else the browser's; the gadget's
 * language follows it.
 */
export class AgentProvider {
  private readonly provider: ContextProvider<typeof agentContext, ReactiveControllerHost & HTMLElement>;
  private first = true;

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.provider = new ContextProvider(host, { context: agentContext, initialValue: defaultAgent() });
  }

  /** The agent the session knows (`undefined` before it started), with the element's `agentId` and `lang` as fallbacks. */
  update(agent: AgentInfo | undefined, agentId: string, lang: string | undefined): void {
    const fallback = defaultAgent();
    const value: AgentContextValue = {
      agentId: agent?.agentId ?? agentId,
      agentName: agent?.agentName ?? '',
      locale: agent?.locale || lang || fallback.locale,
      timeZone: agent?.timeZone || fallback.timeZone,
    };
    const old = this.provider.value;
    if (old.locale !== value.locale || old.timeZone !== value.timeZone || old.agentId !== value.agentId || old.agentName !== value.agentName) {
      this.provider.setValue(value);
    }
    if (old.locale !== value.locale || this.first) void useLocale(value.locale);
    this.first = false;
  }
}
