import { msg } from '@lit/localize';
import type { Channel } from '../../model/index.js';

/** The words for a channel (and for a request line of the journey), shared by every element. */
export function channelLabel(channel: Channel | 'request'): string {
  switch (channel) {
    case 'voice':
      return msg('Voice');
    case 'chat':
      return msg('Chat');
    case 'email':
      return msg('Email');
    case 'note':
      return msg('Note');
    case 'other':
      return msg('Other');
    case 'request':
      return msg('Request');
  }
}

/**
 * A request's status, as an adjective that agrees with "request" in each
 * language ("Abierta", "Ouverte", "Offen"): its own message ids, not the
 * Open tab's or the "Closed" announcement's words.
 */
export function requestStatusLabel(status: 'open' | 'closed'): string {
  return status === 'open'
    ? msg('Open', { id: 'request-status-open', desc: 'The status of a request (an adjective)' })
    : msg('Closed', { id: 'request-status-closed', desc: 'The status of a request (an adjective)' });
}
