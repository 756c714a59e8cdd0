import { DEV_MODE } from './dev-mode.js';

const warned = new Set<string>();

/**
 * Registers a custom element once: a second bundle or a hot reload on the
 * same page never throws. When another class already holds the tag name (a
 * second, different copy of the gadget, or another library's element of the
 * same name), ours is not registered and, in development builds and tests, a
 * warning says so, once per tag name.
 */
export function define(tag: string, ctor: CustomElementConstructor): void {
  const holder = customElements.get(tag);
  if (!holder) {
    customElements.define(tag, ctor);
    return;
  }
  if (DEV_MODE && holder !== ctor && !warned.has(tag)) {
    warned.add(tag);
    // A development-only warning, like Lit's own dev-mode warnings; the published bundle has none.
    // eslint-disable-next-line no-console
    console.warn(`customer-context: <${tag}> is already defined by another class (${holder.name || 'anonymous'}); that one is kept and ours is not registered.`);
  }
}
