import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/components/customer-context/define.js';
import type { CustomerContext } from '../../src/components/customer-context/customer-context.js';
import { getLocale, resolveLocale, useLocale } from '../../src/i18n/localization.js';
import { chat, email, hostContext } from '../helpers/events.js';
import { requestStatusLabel } from '../../src/components/shared/labels.js';
import { IndexedDbStore } from '../../src/store/indexeddb-store.js';
import { until } from '../helpers/session.js';
import { screenOf } from '../helpers/gadget.js';

/** Each seed document's own words for the main controls (shared/seeds/). */
interface Words {
  tabs: [string, string, string];
  close: string;
  discard: string;
  create: string;
  tags: string;
  title: string;
  care: [string, string, string, string];
}
const WORDS: Record<string, Words> = {
  en: { tabs: ['Open', 'Recent', 'Search'], close: 'Close', discard: 'Discard', create: 'Create', tags: 'Tags', title: 'Title', care: ['Ready', 'Not Ready', 'Queue', 'In progress'] },
  es: { tabs: ['Abiertos', 'Recientes', 'Búsqueda'], close: 'Cerrar', discard: 'Descartar', create: 'Crear', tags: 'Etiquetas', title: 'Título', care: ['Listo', 'No está listo', 'Cola', 'En curso'] },
  fr: { tabs: ['Ouverts', 'Récents', 'Rechercher'], close: 'Fermer', discard: 'Abandonner', create: 'Créer', tags: 'Tags (balises)', title: 'Titre', care: ['Prêt', 'Non prêt', 'File d’attente', 'En cours'] },
  de: { tabs: ['Offen', 'Zuletzt', 'Suchen'], close: 'Schließen', discard: 'Verwerfen', create: 'Erstellen', tags: 'Tags', title: 'Name der Anfrage', care: ['Bereit', 'Nicht bereit', 'Warteschlange', 'In Bearbeitung'] },
  'pt-BR': { tabs: ['Abertos', 'Recentes', 'Pesquisar'], close: 'Fechar', discard: 'Descartar', create: 'Criar', tags: 'Tags', title: 'Título', care: ['Pronto', 'Não está pronto', 'Fila', 'Em andamento'] },
};

const texts = (root: ParentNode, selector: string) => [...root.querySelectorAll(selector)].map((e) => e.textContent?.trim() ?? '');

describe('five languages (R10.4)', () => {
  let db: string;
  let el: CustomerContext;
  let store: IndexedDbStore;
  beforeEach(async () => {
    localStorage.clear();
    db = `i18n-${Date.now()}-${Math.random()}`;
    store = new IndexedDbStore({ name: db });
  });
  afterEach(async () => {
    el?.remove();
    await store.destroy();
    await useLocale('en');
  });

  it('a request\'s status has its own words, not the Open tab\'s (an adjective that agrees with "request")', async () => {
    const expected: Record<string, [string, string]> = {
      en: ['Open', 'Closed'],
      es: ['Abierta', 'Cerrada'],
      fr: ['Ouverte', 'Fermée'],
      de: ['Offen', 'Geschlossen'],
      'pt-BR': ['Aberta', 'Fechada'],
    };
    for (const [locale, words] of Object.entries(expected)) {
      await useLocale(locale);
      expect([requestStatusLabel('open'), requestStatusLabel('closed')], locale).to.deep.equal(words);
    }
  });

  it('maps BCP 47 tags to the closest built-in locale', () => {
    expect(resolveLocale('es-MX')).to.equal('es');
    expect(resolveLocale('pt')).to.equal('pt-BR');
    expect(resolveLocale('pt-PT')).to.equal('pt-BR');
    expect(resolveLocale('de-AT')).to.equal('de');
    expect(resolveLocale('FR-ca')).to.equal('fr');
    expect(resolveLocale('ja')).to.equal('en');
    expect(resolveLocale(undefined)).to.equal('en');
  });

  for (const [locale, words] of Object.entries(WORDS)) {
    it(`shows the ${locale} words for the main controls, from host.context`, async () => {
      el = await fixture<CustomerContext>(html`<customer-context agent-id="i18n" database=${db}></customer-context>`);
      await el.ready;
      el.receive(hostContext('i18n', { locale, timeZone: 'Europe/Madrid' }));
      el.receive(chat(`i-${locale}`, { chatId: `guest-${locale}` }));
      await until(el.agentSession!, () => el.agentSession!.state.open.length === 1);
      await el.updateComplete;
      await new Promise((resolve) => requestAnimationFrame(resolve));
      await el.updateComplete;
      expect(getLocale()).to.equal(locale);
      const root = screenOf(el);
      expect(texts(root, '[role=tab]').map((t) => t.replace(/\s*\d+$/, ''))).to.deep.equal(words.tabs);
      expect(texts(root, '.header button')).to.include(words.close);
      const form = root.querySelector('customer-form')!;
      await (form as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
      expect(texts(form.shadowRoot!, 'button[type=submit]')).to.deep.equal([words.create]);
      const tags = root.querySelector('tag-input')!;
      expect(tags.shadowRoot!.querySelector('label')!.textContent!.trim()).to.equal(words.tags);
      const editor = root.querySelector('request-editor')!;
      expect(texts(editor.shadowRoot!, 'label')).to.include(words.title);
      root.querySelector<HTMLButtonElement>('.header button:last-of-type')!.click();
      await el.updateComplete;
      expect(texts(root, 'dialog button')).to.deep.equal([words.create, words.discard, texts(root, 'dialog button')[2]!]);
      await expect(el).to.be.accessible();
    });

    it(`shows the ${locale} Customer Care words`, async () => {
      el = await fixture<CustomerContext>(html`<customer-context mode="care" lang=${locale} agent-id="i18n" database=${db}></customer-context>`);
      await el.ready;
      await el.updateComplete;
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const queue = el.shadowRoot!.querySelector('task-queue')!;
      await (queue as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
      const text = queue.shadowRoot!.textContent ?? '';
      for (const word of words.care) expect(text, word).to.contain(word);
      await expect(el).to.be.accessible();
    });
  }

  it('uses the element lang when the host sends no locale', async () => {
    el = await fixture<CustomerContext>(html`<customer-context lang="de" agent-id="i18n" database=${db}></customer-context>`);
    await el.ready;
    await el.updateComplete;
    await new Promise((resolve) => requestAnimationFrame(resolve));
    await el.updateComplete;
    expect(texts(screenOf(el), '[role=tab]').map((t) => t.replace(/\s*\d+$/, ''))).to.deep.equal(WORDS.de!.tabs);
  });

  it('switches language mid-edit without losing what was typed', async () => {
    el = await fixture<CustomerContext>(html`<customer-context agent-id="i18n" database=${db}></customer-context>`);
    await el.ready;
    el.receive(email('mid-1', { email: 'mid@example.com' }));
    await until(el.agentSession!, () => el.agentSession!.state.open.length === 1);
    await el.updateComplete;
    const editor = screenOf(el).querySelector('request-editor')!;
    await (editor as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    const title = editor.shadowRoot!.querySelector<HTMLInputElement>('[part=title-input]')!;
    title.focus();
    await sendKeys({ type: 'Factura dupli' });
    el.receive(hostContext('i18n', { locale: 'es-ES' }));
    await el.updateComplete;
    await new Promise((resolve) => requestAnimationFrame(resolve));
    await (editor as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    await sendKeys({ type: 'cada' });
    expect(texts(editor.shadowRoot!, 'label')).to.include('Título');
    expect(editor.shadowRoot!.querySelector<HTMLInputElement>('[part=title-input]')!.value).to.equal('Factura duplicada');
    expect(el.agentSession!.state.open[0]!.requestDraft!.title).to.equal('Factura duplicada');
  });
});
