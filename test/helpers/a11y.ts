/**
 * The shared accessibility check: axe-core with the WCAG 2.2 level A and AA
 * rules (and axe's best practices, which the default run had), the
 * `target-size` rule (24 × 24 px targets, SC 2.5.8) included — axe leaves that
 * one out of a default run.
 *
 * Importing this module makes every `await expect(el).to.be.accessible()` in
 * the file use these rules (it replaces chai-a11y-axe's assertion of the same
 * name, keeping its `ignoredRules` option); `axeViolations(el)` returns the
 * violations for a test that wants to read them.
 */
import { chai } from '@open-wc/testing';
import type { AxeResults, Result, RunOptions } from 'axe-core';

/** The axe-core tags of WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices. */
export const WCAG22_AA_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] as const;

interface Axe {
  run(context: Element | Document, options: RunOptions): Promise<AxeResults>;
  getRules(tags?: string[]): Array<{ ruleId: string }>;
}

async function loadAxe(): Promise<Axe> {
  const holder = window as unknown as { axe?: Axe };
  if (!holder.axe) await import('axe-core/axe.min.js');
  if (!holder.axe) throw new Error('axe-core did not load');
  return holder.axe;
}

/** The rule ids the check runs (to assert that `target-size` is one of them). */
export async function wcag22Rules(): Promise<string[]> {
  return (await loadAxe()).getRules([...WCAG22_AA_TAGS]).map((r) => r.ruleId);
}

/** axe's violations of WCAG 2.2 AA (and best practices) in `el`, shadow roots included. */
export async function axeViolations(el: Element | Document, ignoredRules: readonly string[] = []): Promise<Result[]> {
  const axe = await loadAxe();
  const options: RunOptions = {
    runOnly: { type: 'tag', values: [...WCAG22_AA_TAGS] },
    resultTypes: ['violations'],
  };
  if (ignoredRules.length) options.rules = Object.fromEntries(ignoredRules.map((id) => [id, { enabled: false }]));
  return (await axe.run(el, options)).violations;
}

/** The violations as a readable message: rule, help, and each node's target and summary. */
export function describeViolations(violations: readonly Result[]): string {
  return violations
    .map((v) =>
      [`Rule: ${v.id} (${v.impact ?? 'n/a'}) ${v.help}`, ...v.nodes.map((n) => `  ${JSON.stringify(n.target)} ${n.html}\n    ${n.failureSummary ?? ''}`)].join('\n'),
    )
    .join('\n---\n');
}

interface AccessibleOptions {
  ignoredRules?: string[];
}

chai.use((lib, utils) => {
  utils.addMethod(lib.Assertion.prototype, 'accessible', function accessible(this: Chai.AssertionStatic, options: AccessibleOptions = {}) {
    const subject = utils.flag(this, 'object') as Element;
    const negate = utils.flag(this, 'negate') === true;
    const result = axeViolations(subject, options.ignoredRules ?? []).then((violations) => {
      if (negate ? violations.length === 0 : violations.length > 0) {
        throw new Error(negate ? 'Expected accessibility violations, found none' : `Accessibility violations (WCAG 2.2 AA)\n${describeViolations(violations)}`);
      }
    });
    (this as unknown as { then: Promise<void>['then'] }).then = result.then.bind(result);
    return this;
  });
});

/** The demo's dark theme (its `--cc-*` values) on the page, for the dark runs; remove the returned style after. */
export async function darkTheme(): Promise<HTMLStyleElement> {
  const style = document.createElement('style');
  style.textContent = await (await fetch('/demo/demo.css')).text();
  document.head.append(style);
  document.documentElement.dataset['theme'] = 'dark';
  return style;
}
