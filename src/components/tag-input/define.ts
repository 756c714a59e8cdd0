import { define } from '../shared/define.js';
import { TagInput } from './tag-input.js';

define('tag-input', TagInput);

declare global {
  interface HTMLElementTagNameMap {
    'tag-input': TagInput;
  }
}

export { TagInput };
