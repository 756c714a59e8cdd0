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
