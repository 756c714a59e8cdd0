import { noChange } from 'lit';
import { Directive, directive, PartType, type AttributePart, type PartInfo } from 'lit/directive.js';

/**
 * Like `styleMap`, but always through the CSSOM (`element.style.setProperty`), never
 * a `style` attribute string: `styleMap` writes the attribute on its first render,
 * which a strict CSP (`style-src 'self'`, no 'unsafe-inline') refuses. Property
 * names in kebab-case (`inset-block-start`). Only values that changed are written
 * (a write marks the element for a new style computation, even with the same value).
 */
class CssomStyle extends Directive {
  private previous = new Map<string, string>();

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ATTRIBUTE || part.name !== 'style') throw new Error('cssomStyle() belongs in style=${…}');
  }

  render(_styles: Readonly<Record<string, string>>): typeof noChange {
    return noChange;
  }

  override update(part: AttributePart, [styles]: [Readonly<Record<string, string>>]): typeof noChange {
    const style = part.element.style;
    for (const name of this.previous.keys()) if (!(name in styles)) style.removeProperty(name);
    const next = new Map<string, string>();
    for (const name in styles) {
      const value = styles[name]!;
      if (this.previous.get(name) !== value) style.setProperty(name, value);
      next.set(name, value);
    }
    this.previous = next;
    return noChange;
  }
}

export const cssomStyle = directive(CssomStyle);
