import { define } from '../shared/define.js';
import { CustomerContext } from './customer-context.js';

define('customer-context', CustomerContext);

declare global {
  interface HTMLElementTagNameMap {
    'customer-context': CustomerContext;
  }
}

export { CustomerContext };
