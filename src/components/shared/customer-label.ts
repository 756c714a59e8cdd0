import { msg } from '@lit/localize';
import { fullName, type CustomerData } from '../../model/index.js';

/** What a customer (or a contact's prefilled draft) is named by: the name fields and the contact points. */
export type LabelSource = Pick<CustomerData, 'name' | 'lastName' | 'phones' | 'emails' | 'chatIds'>;

/**
 * How a customer is named in the Open list and in announcements (issue #19
 * item 3): the full name (first and last, `fullName()`); with no name, the
 * first email, then the first phone, then the first chat id; with none of
 * those, "Unknown customer". Pure, no DOM: tested without rendering.
 */
export function customerLabel(customer: LabelSource): string {
  const first = (items: readonly string[]) => items.map((item) => item.trim()).find(Boolean) ?? '';
  return fullName(customer) || first(customer.emails) || first(customer.phones) || first(customer.chatIds) || msg('Unknown customer');
}
