import { expect } from '@open-wc/testing';
import { define } from '../../../src/components/shared/define.js';

let counter = 0;

describe('define(): one registration per tag name, and a warning when another class holds ours', () => {
  let warnings: unknown[][];
  let warn: typeof console.warn;
  beforeEach(() => {
    warnings = [];
    warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
  });
  afterEach(() => {
    console.warn = warn;
  });

  it('registers a free tag name, and the same class again is silent', () => {
    const tag = `cc-define-free-${counter++}`;
    class Ours extends HTMLElement {}
    define(tag, Ours);
    define(tag, Ours);
    expect(customElements.get(tag)).to.equal(Ours);
    expect(warnings).to.deep.equal([]);
  });

  it('keeps a foreign class already holding the name and warns once, naming the tag', () => {
    const tag = `cc-define-taken-${counter++}`;
    class Foreign extends HTMLElement {}
    class Ours extends HTMLElement {}
    customElements.define(tag, Foreign);
    define(tag, Ours);
    define(tag, Ours);
    expect(customElements.get(tag)).to.equal(Foreign);
    expect(warnings).to.have.length(1);
    expect(String(warnings[0]![0])).to.contain(`<${tag}>`).and.to.contain('Foreign');
  });
});
