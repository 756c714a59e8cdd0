/** Registers a custom element once: a second bundle or a hot reload on the same page never throws. */
export function define(tag: string, ctor: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, ctor);
}
