import { define } from '../shared/define.js';
import { CustomerForm } from './customer-form.js';

export { CustomerForm } from './customer-form.js';
export type { CustomerFormMode, CustomerDataDetail, CustomerFormEmptyDetail } from './customer-form.js';

define('customer-form', CustomerForm);

declare global {
  interface HTMLElementTagNameMap {
    'customer-form': CustomerForm;
  }
}
