import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ContextConsumer } from '@lit/context';
import { agentContext, defaultAgent, formatDateTime, type AgentContextValue } from '../agent-context.js';

/**
 * The agent an element works for: the value `<customer-context>` provides
 * through `agentContext` (kept up to date: a new `host.context` re-renders
 * the element), or, when the element is used on its own, `defaultAgent()`
 * (the browser's language and time zone), made once.
 *
 * @example
 * ```ts
 * class MyElement extends LitElement {
 *   private readonly agent = new AgentController(this);
 *
 *   override render() {
 *     return html`<time datetime=${iso}>${this.agent.formatDateTime(iso, 'short')}</time>
 *       ${textField({ id: 'title', label: msg('Title'), value, locale: this.agent.value.locale })}`;
 *   }
 * }
 * ```
 */
export class AgentController implements ReactiveController {
  private readonly consumer: ContextConsumer<typeof agentContext, ReactiveControllerHost & HTMLElement>;
  private fallback: AgentContextValue | null = null;

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.consumer = new ContextConsumer(host, { context: agentContext, subscribe: true });
    host.addController(this);
  }

  /** Connected again (maybe to another page): the browser's defaults are read anew when needed. */
  hostConnected(): void {
    this.fallback = null;
  }

  /** The provided agent, else the browser's defaults. */
  get value(): AgentContextValue {
    return this.consumer.value ?? (this.fallback ??= defaultAgent());
  }

  /** A date and time in the agent's locale and time zone (R2.4). */
  formatDateTime(iso: string, style: 'short' | 'medium' = 'medium'): string {
    return formatDateTime(iso, this.value, style);
  }
}
