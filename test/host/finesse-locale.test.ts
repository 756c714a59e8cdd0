import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/components/customer-context/define.js';
import type { CustomerContext } from '../../src/components/customer-context/customer-context.js';
import { FinesseBridge, type HostReceiver } from '../../src/host/finesse-bridge.js';
import { desktopLocale, joinLocale } from '../../src/host/finesse-locale.js';
import type { FinesseGadgetConfig, GadgetPrefs } from '../../src/host/finesse-types.js';
import { resolveLocale } from '../../src/i18n/localization.js';
import type { HostContext, HostEvent } from '../../src/model/index.js';
import { find } from '../helpers/gadget.js';
import { FakeDesktop, type FakeDesktopSetup } from '../fixtures/finesse/fake-desktop.js';
import { userData } from '../fixtures/finesse/finesse-data.js';

const AGENT = 'agent-locale';

function prefs(values: Record<string, string>, lang = 'en', country = 'US'): GadgetPrefs {
  return { getString: (name) => values[name] ?? '', getLang: () => lang, getCountry: () => country };
}

/** The host.context a bridge sends for this desktop, once the user is loaded. */
async function hostContextFor(desktopSetup: Partial<FakeDesktopSetup>, element?: HostReceiver): Promise<{ context: HostContext | undefined; bridge: FinesseBridge }> {
  const desktop = new FakeDesktop({ user: userData(AGENT, { firstName: 'Ana', lastName: 'Silva' }), ...desktopSetup });
  const sent: HostEvent[] = [];
  const receiver =
    element ??
    Object.assign(document.createElement('div'), {
      receive: (event: unknown) => {
        sent.push(event as HostEvent);
        return { ok: true as const };
      },
    });
  if (element) {
    const original = element.receive.bind(element);
    const spy = (event: unknown) => {
      sent.push(JSON.parse(JSON.stringify(event)) as HostEvent);
      return original(event);
    };
    element.receive = spy;
  }
  const bridge = new FinesseBridge(receiver, { gadgets: desktop.gadgets, finesse: desktop.finesse, log: () => undefined }).start();
  desktop.connect();
  await desktop.ready;
  bridge.stop();
  if (element) delete (element as Partial<HostReceiver>).receive; // back to the element's own method
  return { context: sent.find((e): e is HostContext => e.type === 'host.context'), bridge };
}

describe('Locale from the Finesse desktop', function () {
  this.timeout(20000);

  it('the order: Config.locale, the locale pref, Config.language + country, then gadgets.Prefs getLang/getCountry, else none', () => {
    const config = (fields: Partial<FinesseGadgetConfig>): FinesseGadgetConfig => ({ id: AGENT, ...fields });
    // 1. The desktop's locale wins over the container's render locale.
    expect(desktopLocale(config({ locale: 'fr_CA', language: 'de', country: 'DE' }), prefs({ locale: 'es_ES' }, 'pt', 'BR'))).to.deep.equal({
      locale: 'fr-CA',
      source: 'config.locale',
    });
    // 1b. No locale in Config: the container's locale pref.
    expect(desktopLocale(config({}), prefs({ locale: 'es_ES' }, 'pt', 'BR'))).to.deep.equal({ locale: 'es-ES', source: 'prefs.locale' });
    // 2. language + country, documented as derived from the locale.
    expect(desktopLocale(config({ language: 'de', country: 'DE' }), prefs({}, 'pt', 'BR'))).to.deep.equal({ locale: 'de-DE', source: 'config.language' });
    // 3. The container's render locale (Shindig lang / country).
    expect(desktopLocale(config({}), prefs({}, 'pt', 'BR'))).to.deep.equal({ locale: 'pt-BR', source: 'prefs.lang' });
    expect(desktopLocale(undefined, prefs({}, 'fr', 'CA'))).to.deep.equal({ locale: 'fr-CA', source: 'prefs.lang' });
    // A value that is no locale is skipped, not sent.
    expect(desktopLocale(config({ locale: 'not a locale!' }), prefs({}, 'es', 'ES'))).to.deep.equal({ locale: 'es-ES', source: 'prefs.lang' });
    // Shindig's wildcard (all_ALL) is no language; a country alone is no language.
    expect(desktopLocale(config({}), prefs({}, 'all', 'ALL'))).to.deep.equal({ locale: undefined, source: undefined });
    expect(joinLocale('es', 'ALL')).to.equal('es');
    expect(joinLocale('', 'FR')).to.equal(undefined);
    expect(desktopLocale(undefined, undefined)).to.deep.equal({ locale: undefined, source: undefined });
  });

  const cases: [desktop: string, sent: string, language: string, searchTab: string][] = [
    ['es_ES', 'es-ES', 'es', 'Búsqueda'],
    ['fr_FR', 'fr-FR', 'fr', 'Rechercher'],
    ['fr_CA', 'fr-CA', 'fr', 'Rechercher'],
    ['de_DE', 'de-DE', 'de', 'Suchen'],
    ['pt_BR', 'pt-BR', 'pt-BR', 'Pesquisar'],
    ['ja_JP', 'ja-JP', 'en', 'Search'], // no Japanese: English
  ];

  for (const [finesse, tag, language] of cases) {
    it(`desktop ${finesse}: host.context.locale ${tag}, shown in ${language}`, async () => {
      const fromConfig = await hostContextFor({ config: { id: AGENT, locale: finesse } });
      expect(fromConfig.context).to.deep.equal({ type: 'host.context', agentId: AGENT, agentName: 'Ana Silva', locale: tag });
      expect(fromConfig.bridge.desktopLocale).to.deep.equal({ locale: tag, source: 'config.locale' });
      // A page without finesse.gadget.Config: the container's prefs give the same answer.
      const [lang, country] = finesse.split('_');
      const fromPrefs = await hostContextFor({ prefs: { id: AGENT }, lang, country });
      expect(fromPrefs.context?.locale).to.equal(tag);
      expect(fromPrefs.bridge.desktopLocale.source).to.equal('prefs.lang');
      expect(resolveLocale(tag)).to.equal(language);
    });
  }

  it('no locale anywhere but Shindig\'s defaults: en-US (Shindig answers en / US when the container passed nothing)', async () => {
    const { context } = await hostContextFor({ prefs: { id: AGENT } });
    expect(context?.locale).to.equal('en-US');
  });

  it('<customer-context> shows the desktop\'s language: Spanish, French (France and Canada), German, Brazilian Portuguese, and English for Japanese', async () => {
    const el = await fixture<CustomerContext>(html`<customer-context agent-id=${AGENT} database=${`cc-locale-${Date.now()}`}></customer-context>`);
    await el.ready;
    try {
      for (const [finesse, tag, , searchTab] of cases) {
        const { context } = await hostContextFor({ config: { id: AGENT, locale: finesse } }, el);
        expect(context?.locale).to.equal(tag);
        expect(el.agentSession!.state.agent.locale).to.equal(tag);
        await waitUntil(() => find(el, '#tab-search')?.textContent?.trim() === searchTab, `${finesse}: the Search tab reads "${searchTab}"`, { timeout: 5000 });
      }
    } finally {
      el.remove();
    }
  });
});
