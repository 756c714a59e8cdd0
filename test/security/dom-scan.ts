/** Every element in the page, through every shadow root (and same-origin iframes). */
export function allElements(rootNode: Document | ShadowRoot = document): Element[] {
  const out: Element[] = [];
  for (const el of rootNode.querySelectorAll('*')) {
    out.push(el);
    if (el.shadowRoot) out.push(...allElements(el.shadowRoot));
  }
  return out;
}

const SCRIPTABLE = ['script', 'iframe', 'img', 'object', 'embed', 'video', 'audio', 'source', 'base', 'meta', 'link', 'xss', 'marquee', 'math', 'a', 'foreignobject', 'animate', 'style', 'form', 'select', 'keygen', 'isindex', 'details', 'template', 'noscript', 'body', 'svg'];

/** Elements the gadget itself renders: its icons (inline, hidden from assistive technology), the history chart, the customer form and the journey's time frame. */
function ours(el: Element): boolean {
  const host = (el.getRootNode() as ShadowRoot).host?.localName;
  if (el.localName === 'svg') {
    const hidden = el.getAttribute('aria-hidden') === 'true';
    return hidden && (el.getAttribute('viewBox') === '0 0 24 24' || (host === 'cc-history-chart' && el.getAttribute('part') === 'chart'));
  }
  if (el.localName === 'form') return el.getAttribute('part') === 'form';
  if (el.localName === 'select') return host === 'journey-view' && el.getAttribute('part') === 'period-select';
  return false;
}

/**
 * What a payload could have added: script-capable elements, any on* attribute,
 * a javascript: URL or a srcdoc.
 */
export function injected(): string[] {
  const found: string[] = [];
  for (const el of allElements()) {
    const tag = el.localName;
    const outsideHead = !el.closest('head') && !(tag === 'script' && el.parentElement === document.body);
    if (outsideHead && el !== document.body && SCRIPTABLE.includes(tag) && !ours(el)) {
      found.push(`<${tag}>`);
    }
    for (const attr of el.getAttributeNames()) {
      if (attr.startsWith('on')) found.push(`${tag}[${attr}]`);
      if (attr === 'srcdoc') found.push(`${tag}[srcdoc]`);
      if (/^\s*javascript:/i.test(el.getAttribute(attr) ?? '')) found.push(`${tag}[${attr}=javascript:]`);
    }
  }
  return found;
}
