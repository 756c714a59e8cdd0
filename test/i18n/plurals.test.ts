import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { ContextProvider } from '@lit/context';
import '../../src/components/request-editor/define.js';
import '../../src/components/tag-input/define.js';
import type { RequestEditor, RequestView } from '../../src/components/request-editor/request-editor.js';
import type { TagInput } from '../../src/components/tag-input/tag-input.js';
import { agentContext } from '../../src/components/shared/agent-context.js';
import { useLocale } from '../../src/i18n/localization.js';

const AT = '2026-01-10T09:00:00.000Z';
const request = (title: string): RequestView => ({ customerId: 'customer:1', title, description: '', status: 'open', openedAt: AT, closedAt: null, createdAt: AT });

/** The counter of a request title of `length - 1` characters after one more typed, and after one deleted again. */
async function titleCounters(locale: string, length: number): Promise<[string, string]> {
  await useLocale(locale);
  const host = document.createElement('div');
  new ContextProvider(host, { context: agentContext, initialValue: { agentId: 'a', agentName: 'A', locale, timeZone: 'UTC' } });
  const el = await fixture<RequestEditor>(html`<request-editor .request=${request('a'.repeat(length - 1))}></request-editor>`, { parentNode: host });
  const input = el.shadowRoot!.querySelector<HTMLInputElement>('[part~="title-input"]')!;
  const counter = () => el.shadowRoot!.getElementById('title-counter')!.textContent!.replace(/\s+/g, ' ').trim();
  input.focus();
  input.setSelectionRange(input.value.length, input.value.length);
  await sendKeys({ type: 'b' });
  await el.updateComplete;
  const typed = counter();
  await sendKeys({ press: 'Backspace' });
  await el.updateComplete;
  return [typed, counter()];
}

/** The tag counter after typing `length` characters. */
async function tagCounter(locale: string, length: number): Promise<string> {
  await useLocale(locale);
  const el = await fixture<TagInput>(html`<tag-input></tag-input>`);
  el.focus();
  await sendKeys({ type: 'x'.repeat(length) });
  await el.updateComplete;
  return el.shadowRoot!.querySelector('[part~="counter"]')!.textContent!.trim();
}

describe('counters are worded for the number in every language (Intl.PluralRules), never "1 characters"', () => {
  afterEach(async () => {
    await useLocale('en');
  });

  // Typing the 1,999th character leaves 1; Backspace leaves 2.
  const LEFT: Record<string, [string, string]> = {
    en: ['1 character left', '2 characters left'],
    es: ['Queda 1 carácter', 'Quedan 2 caracteres'],
    fr: ['1 caractère restant', '2 caractères restants'],
    de: ['1 Zeichen übrig', '2 Zeichen übrig'],
    'pt-BR': ['1 caractere restante', '2 caracteres restantes'],
  };
  for (const [locale, expected] of Object.entries(LEFT)) {
    it(`${locale}: a text field's counter at 1 and 2 characters left`, async () => {
      expect((await titleCounters(locale, 1999)).join(' / ')).to.equal(expected.join(' / '));
    });
  }

  it('fr and pt-BR put 0 in the singular, en in the plural (the rules of each language)', async () => {
    expect((await titleCounters('fr', 2000))[0]).to.equal('0 caractère restant');
    expect((await titleCounters('pt-BR', 2000))[0]).to.equal('0 caractere restante');
    expect((await titleCounters('en', 2000))[0]).to.equal('0 characters left');
  });

  const TAGS: Record<string, [string, string, string]> = {
    en: ['1 character left', '1 character too many', '2 characters too many'],
    es: ['Queda 1 carácter', '1 carácter de más', '2 caracteres de más'],
    fr: ['1 caractère restant', '1 caractère en trop', '2 caractères en trop'],
    de: ['1 Zeichen übrig', '1 Zeichen zu viel', '2 Zeichen zu viel'],
    'pt-BR': ['1 caractere restante', '1 caractere a mais', '2 caracteres a mais'],
  };
  for (const [locale, expected] of Object.entries(TAGS)) {
    it(`${locale}: the tag counter at 1 left, 1 too many and 2 too many`, async () => {
      const counters = [await tagCounter(locale, 49), await tagCounter(locale, 51), await tagCounter(locale, 52)];
      expect(counters.join(' / ')).to.equal(expected.join(' / '));
    });
  }
});
