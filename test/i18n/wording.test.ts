import { expect } from '@open-wc/testing';
import { templates as es } from '../../src/i18n/locales/es.js';
import { templates as fr } from '../../src/i18n/locales/fr.js';
import { templates as de } from '../../src/i18n/locales/de.js';
import { templates as ptBR } from '../../src/i18n/locales/pt-BR.js';

/**
 * Issue 18 item 11: the translations read as a native product writer would
 * put them, in each seed's own words (../shared/seeds/): the countdown is a
 * deadline, list names are adjectives, one word per idea in each locale.
 * Read from the generated locale modules (what the agent sees), `${n}` for a
 * placeholder.
 */

type Template = string | { strings: readonly string[] };
type Templates = Record<string, Template>;

function text(template: Template | undefined): string {
  if (template === undefined) return '';
  return typeof template === 'string' ? template : template.strings.map((s, i) => (i ? `\${${i - 1}}${s}` : s)).join('');
}

const LOCALES: Record<string, Templates> = { es, fr, de, 'pt-BR': ptBR } as unknown as Record<string, Templates>;
const all = (t: Templates) => Object.values(t).map(text);

// Message ids (lit-localize hashes of the English source).
const OPEN_TAB = 's1f7698c061c208c9';
const RECENT_TAB = 'sbce70cbdb856635e';
const NO_TITLE = 's65b76a9a19951af1';
const CAUTION = 'sf11564cc75a8d5a6';
const YOURS = 's4d5cd48fd7c53c9b';
const NOT_READY = 'sb37aaf430e2b29dd';
const YOU_ARE_NOT_READY = 's5a13efc6268710e6';
const TAG = 's56d7ab194448a4f3';

describe('wording in each locale (issue 18 item 11)', () => {
  it('the offer countdown reads as a deadline', () => {
    // Whatever the English source is now, its translation says "within / before … s".
    const countdown = (t: Templates) => all(t).filter((s) => /\$\{0\} s\b/.test(s) && s.length < 30);
    expect(countdown(es)).to.include('Acepte antes de ${0} s');
    expect(countdown(fr)).to.include('À accepter sous ${0} s');
    expect(countdown(de)).to.include('Noch ${0} s zum Annehmen');
    expect(countdown(ptBR)).to.include('Aceite em até ${0} s');
    // Not the old imperative-plus-duration ("Accept in 14 s").
    for (const [locale, t] of Object.entries(LOCALES)) {
      for (const s of all(t)) expect(s, locale).to.not.match(/^(Aceptar en|Accepter dans|Annehmen in|Aceitar em) \$\{0\} s$/);
    }
  });

  it('list names are adjectives: fr Ouverts, Récents; de Offen, Zuletzt (not "Aktuell", which clashes with "Aktuelle Interaktion")', () => {
    expect([text(fr[OPEN_TAB]), text(fr[RECENT_TAB])]).to.deep.equal(['Ouverts', 'Récents']);
    expect([text(de[OPEN_TAB]), text(de[RECENT_TAB])]).to.deep.equal(['Offen', 'Zuletzt']);
    expect([text(es[OPEN_TAB]), text(es[RECENT_TAB])]).to.deep.equal(['Abiertos', 'Recientes']);
    expect([text(ptBR[OPEN_TAB]), text(ptBR[RECENT_TAB])]).to.deep.equal(['Abertos', 'Recentes']);
    // Texts that name a list use the same word.
    expect(all(fr).join('\n')).to.not.match(/\bOuvrir\b|\bRécent\b/);
    expect(all(de).join('\n')).to.not.match(/unter Öffnen|aus Aktuell|über Aktuell/);
  });

  it('de: "(ohne Titel)" for an untitled request, "Achtung" for a caution, never "Warnung"', () => {
    expect(text(de[NO_TITLE])).to.equal('(ohne Titel)');
    expect(text(de[CAUTION])).to.equal('Achtung');
    expect(all(de).filter((s) => s.includes('Warnung'))).to.deep.equal([]);
    expect(all(de).filter((s) => s.startsWith('Achtung: '))).to.have.length(3);
  });

  it('es: "Su versión", usted throughout; "No está listo" said naturally', () => {
    expect(text(es[YOURS])).to.equal('Su versión');
    expect(all(es).filter((s) => /\bSuyo\b|\b(tienes|puedes|elige|guarda tus|tu versión)\b/i.test(s))).to.deep.equal([]);
    expect(text(es[NOT_READY])).to.equal('No está listo');
    expect(text(es[YOU_ARE_NOT_READY])).to.equal('Su estado: No está listo.');
    expect(all(es).filter((s) => /Está No|está No listo|No listo/.test(s))).to.deep.equal([]);
  });

  it('pt-BR: one word for tag throughout ("tag", the seed\'s field name), "Não está pronto" said naturally', () => {
    expect(text(ptBR[TAG])).to.equal('tag');
    expect(all(ptBR).filter((s) => /r[óo]tulo/i.test(s))).to.deep.equal([]);
    expect(all(ptBR).filter((s) => /\btag\b/i.test(s)).length).to.be.greaterThan(6);
    expect(text(ptBR[NOT_READY])).to.equal('Não está pronto');
    expect(all(ptBR).filter((s) => /está Não|Não pronto/.test(s))).to.deep.equal([]);
  });

  it('fr: "poste de travail" for the desktop, "fiche" for a record (never "bureau", nor "enregistrement" next to Enregistrer)', () => {
    expect(all(fr).filter((s) => /\bbureau\b/i.test(s))).to.deep.equal([]);
    expect(all(fr).filter((s) => /poste de travail/.test(s)).length).to.be.greaterThan(2);
    expect(all(fr).filter((s) => /\benregistrement\b/.test(s))).to.deep.equal([]);
  });

  it('yours and theirs are versions in every locale', () => {
    expect(text(es['s0bd54c693376687c'])).to.equal('Versión del otro agente');
    expect(text(fr[YOURS])).to.equal('Votre version');
    expect(text(de[YOURS])).to.equal('Ihre Version');
    expect(text(ptBR[YOURS])).to.equal('Sua versão');
  });

  it('no sentence capitalises a verb after "und" / "und dann" in German (the button name is not the verb)', () => {
    expect(all(de).filter((s) => /\bund (dann )?Speichern Sie\b/.test(s))).to.deep.equal([]);
  });
});
