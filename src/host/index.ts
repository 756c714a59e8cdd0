/**
 * Ways host events come in: the Finesse bridge (gadget.xml) and the
 * postMessage bridge (iframe hosts). Importing this module — the bundle does —
 * starts the Finesse bridge by itself on a Finesse gadget page: when the
 * `gadgets` and `finesse` globals exist and the page has a
 * `<customer-context data-finesse>`. Anywhere else it does nothing.
 */
import { autoStartFinesseBridge } from './finesse-bridge.js';

export {
  FinesseBridge,
  startFinesseBridge,
  autoStartFinesseBridge,
  DEFAULT_CONTACT_VARIABLES,
  SUPERVISOR_MONITOR,
  voicePhase,
  mediaPhase,
  mediaChannel,
  contactOf,
  customerAddress,
  contactVariables,
  finesseLocale,
  agentStateOf,
  type ContactVariables,
  type FinesseBridgeOptions,
  type HostReceiver,
  type InteractionPhase,
} from './finesse-bridge.js';
export {
  CONNECTION_TOPIC,
  REQUESTS_TOPIC,
  connectionStateOf,
  type FinesseConnectionState,
  type FinesseConnectionChange,
} from './finesse-connection.js';
export { desktopLocale, joinLocale, type DesktopLocale, type DesktopLocaleSource } from './finesse-locale.js';
export {
  MessageBridge,
  parseAllowedOrigins,
  isHostMessage,
  MESSAGE_TARGET,
  MESSAGE_SOURCE,
  MESSAGE_PROTOCOL_VERSION,
  MIRRORED_EVENTS,
  type HostMessage,
  type ResultMessage,
  type EventMessage,
  type MessageBridgeOptions,
  type MessageReceiver,
  type MirroredEventType,
} from './message-bridge.js';
export type * from './finesse-types.js';

function autoStart(): void {
  if (typeof document === 'undefined') return;
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', () => autoStartFinesseBridge(document), { once: true });
  } else {
    autoStartFinesseBridge(document);
  }
}

autoStart();
