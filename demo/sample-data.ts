import type { Activity, AnyRecord, Channel, Customer, Request } from '../src/model/index.js';

/** A small deterministic PRNG (mulberry32): the same seed gives the same data everywhere. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Ana', 'Lucía', 'Javier', 'Carmen', 'Pablo', 'Camille', 'Louis', 'Chloé', 'Hugo', 'Léa', 'Lukas', 'Anna', 'Jonas', 'Marie', 'Felix', 'João', 'Maria', 'Pedro', 'Beatriz', 'Rafael', 'Emma', 'Oliver', 'Sophie', 'James', 'Grace'];
const LAST = ['García', 'Martínez', 'López', 'Sánchez', 'Dubois', 'Lefèvre', 'Moreau', 'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Silva', 'Santos', 'Oliveira', 'Costa', 'Smith', 'Johnson', 'Brown', 'Taylor', 'Wilson'];
const STREETS = ['Calle Mayor', 'Rue de la Paix', 'Hauptstraße', 'Rua Augusta', 'High Street', 'Gran Vía', 'Avenue Foch', 'Bahnhofstraße'];
const CITIES = ['Madrid', 'Lyon', 'Berlin', 'Lisboa', 'London', 'Sevilla', 'Paris', 'München', 'Porto', 'Manchester'];
/** The demo's languages: the gadget's five locales. */
export type SampleLocale = 'en' | 'es' | 'fr' | 'de' | 'pt-BR';
export const SAMPLE_LOCALES: readonly SampleLocale[] = ['en', 'es', 'fr', 'de', 'pt-BR'];

/** One text in each language (the same index in every list: the PRNG picks the index, the locale the words). */
type Words = Record<SampleLocale, readonly string[]>;

const TITLES: Words = {
  en: ['Router keeps rebooting', 'Invoice amount looks wrong', 'Cannot log in to the portal', 'Move service to new address', 'Slow broadband in the evening', 'Refund for duplicate charge', 'Upgrade to fibre plan', 'Lost SIM card', 'Roaming not working abroad', 'Cancel the TV add-on', 'Change of payment method', 'Technician appointment'],
  es: ['El router se reinicia solo', 'El importe de la factura parece incorrecto', 'No puede acceder al portal', 'Traslado del servicio a otra dirección', 'Internet lento por la tarde', 'Reembolso por cargo duplicado', 'Cambio a tarifa de fibra', 'Tarjeta SIM perdida', 'El roaming no funciona en el extranjero', 'Baja del paquete de TV', 'Cambio de forma de pago', 'Cita con el técnico'],
  fr: ['La box redémarre sans cesse', 'Montant de la facture erroné', 'Connexion impossible à l’espace client', 'Transfert de ligne à une nouvelle adresse', 'Internet lent le soir', 'Remboursement d’un double prélèvement', 'Passage à la fibre', 'Carte SIM perdue', 'Itinérance inactive à l’étranger', 'Résiliation de l’option TV', 'Changement de moyen de paiement', 'Rendez-vous technicien'],
  de: ['Router startet ständig neu', 'Rechnungsbetrag scheint falsch', 'Anmeldung im Kundenportal nicht möglich', 'Umzug des Anschlusses', 'Langsames Internet am Abend', 'Erstattung einer doppelten Abbuchung', 'Wechsel zum Glasfasertarif', 'SIM-Karte verloren', 'Roaming im Ausland funktioniert nicht', 'TV-Option kündigen', 'Zahlungsart ändern', 'Techniker-Termin'],
  'pt-BR': ['O roteador reinicia sozinho', 'Valor da fatura parece errado', 'Não consegue entrar no portal', 'Mudança de endereço do serviço', 'Internet lenta à noite', 'Reembolso de cobrança em duplicidade', 'Mudança para o plano de fibra', 'Chip perdido', 'Roaming não funciona no exterior', 'Cancelar o pacote de TV', 'Alteração da forma de pagamento', 'Visita do técnico'],
};
const SUBJECTS: Words = {
  en: ['Follow-up call', 'Customer asked for status', 'Sent troubleshooting steps', 'Escalated to second line', 'Confirmed the appointment', 'Explained the invoice', 'Password reset', 'Customer satisfied', 'Callback requested', 'Documents received'],
  es: ['Llamada de seguimiento', 'El cliente pidió el estado', 'Pasos de solución enviados', 'Escalado a segundo nivel', 'Cita confirmada', 'Factura explicada', 'Restablecimiento de contraseña', 'Cliente satisfecho', 'Solicita que le llamen', 'Documentos recibidos'],
  fr: ['Appel de suivi', 'Le client demande où en est sa demande', 'Étapes de dépannage envoyées', 'Transmis au niveau 2', 'Rendez-vous confirmé', 'Facture expliquée', 'Réinitialisation du mot de passe', 'Client satisfait', 'Rappel demandé', 'Documents reçus'],
  de: ['Nachfassanruf', 'Kunde fragt nach dem Stand', 'Schritte zur Fehlerbehebung gesendet', 'An den Second Level übergeben', 'Termin bestätigt', 'Rechnung erklärt', 'Passwort zurückgesetzt', 'Kunde zufrieden', 'Rückruf gewünscht', 'Unterlagen erhalten'],
  'pt-BR': ['Ligação de acompanhamento', 'Cliente pediu o andamento', 'Passos de solução enviados', 'Encaminhado ao segundo nível', 'Visita confirmada', 'Fatura explicada', 'Redefinição de senha', 'Cliente satisfeito', 'Pediu retorno da ligação', 'Documentos recebidos'],
};
const TAGS: Words = {
  en: ['Billing', 'Technical', 'VIP', 'Complaint', 'Fibre', 'Mobile', 'Urgent', 'Callback', 'Retention', 'Refund', 'Outage', 'New customer'],
  es: ['Facturación', 'Técnico', 'VIP', 'Reclamación', 'Fibra', 'Móvil', 'Urgente', 'Devolver llamada', 'Retención', 'Reembolso', 'Avería', 'Cliente nuevo'],
  fr: ['Facturation', 'Technique', 'VIP', 'Réclamation', 'Fibre', 'Mobile', 'Urgent', 'Rappel', 'Fidélisation', 'Remboursement', 'Panne', 'Nouveau client'],
  de: ['Abrechnung', 'Technik', 'VIP', 'Beschwerde', 'Glasfaser', 'Mobilfunk', 'Dringend', 'Rückruf', 'Kundenbindung', 'Erstattung', 'Störung', 'Neukunde'],
  'pt-BR': ['Cobrança', 'Técnico', 'VIP', 'Reclamação', 'Fibra', 'Móvel', 'Urgente', 'Retornar ligação', 'Retenção', 'Reembolso', 'Falha na rede', 'Cliente novo'],
};
const TEXTS: Record<SampleLocale, { description: string; notes: string; contract: string }> = {
  en: { description: 'Customer reported the problem by phone; details in the activities.', notes: 'Customer was polite; issue explained.', contract: 'Contract' },
  es: { description: 'El cliente informó del problema por teléfono; los detalles están en las actividades.', notes: 'Cliente amable; problema explicado.', contract: 'Contrato' },
  fr: { description: 'Le client a signalé le problème par téléphone ; détails dans les activités.', notes: 'Client courtois ; problème expliqué.', contract: 'Contrat' },
  de: { description: 'Der Kunde hat das Problem telefonisch gemeldet; Details in den Aktivitäten.', notes: 'Kunde freundlich; Problem erklärt.', contract: 'Vertrag' },
  'pt-BR': { description: 'O cliente relatou o problema por telefone; detalhes nas atividades.', notes: 'Cliente educado; problema explicado.', contract: 'Contrato' },
};

/** What the demo host itself says in the gadget (offer subjects, a web visitor's name, state reasons), in each language. */
export const HOST_WORDS: Record<SampleLocale, { subjects: readonly string[]; invoice: string; visitor: string; setByDesktop: string; onBreak: string }> = {
  en: { subjects: ['Billing question', 'Router keeps rebooting', 'Change of address', 'Cannot log in', 'Upgrade to fibre', 'Roaming abroad'], invoice: 'Question about my last invoice', visitor: 'Web visitor', setByDesktop: 'Set by the desktop', onBreak: 'Break' },
  es: { subjects: ['Consulta de facturación', 'El router se reinicia solo', 'Cambio de dirección', 'No puede acceder', 'Cambio a fibra', 'Roaming en el extranjero'], invoice: 'Consulta sobre mi última factura', visitor: 'Visitante web', setByDesktop: 'Establecido por el escritorio', onBreak: 'Descanso' },
  fr: { subjects: ['Question de facturation', 'La box redémarre sans cesse', 'Changement d’adresse', 'Connexion impossible', 'Passage à la fibre', 'Itinérance à l’étranger'], invoice: 'Question sur ma dernière facture', visitor: 'Visiteur du site', setByDesktop: 'Défini par le poste de travail', onBreak: 'Pause' },
  de: { subjects: ['Frage zur Rechnung', 'Router startet ständig neu', 'Adressänderung', 'Anmeldung nicht möglich', 'Wechsel zu Glasfaser', 'Roaming im Ausland'], invoice: 'Frage zu meiner letzten Rechnung', visitor: 'Website-Besucher', setByDesktop: 'Vom Desktop festgelegt', onBreak: 'Pause' },
  'pt-BR': { subjects: ['Dúvida sobre cobrança', 'O roteador reinicia sozinho', 'Mudança de endereço', 'Não consegue entrar', 'Mudança para fibra', 'Roaming no exterior'], invoice: 'Dúvida sobre minha última fatura', visitor: 'Visitante do site', setByDesktop: 'Definido pelo desktop', onBreak: 'Pausa' },
};

/** The demo's language for `locale` (any BCP 47 tag; English when it is none of the five). */
export function sampleLocale(locale: string | undefined): SampleLocale {
  const base = (locale ?? '').toLowerCase().split('-')[0];
  return SAMPLE_LOCALES.find((l) => l.toLowerCase().split('-')[0] === base) ?? 'en';
}

const CHANNELS: Array<[Channel, number]> = [['voice', 0.45], ['chat', 0.25], ['email', 0.2], ['note', 0.08], ['other', 0.02]];

/** The day the generated history ends (fixed, so the data is the same on every machine). */
export const SAMPLE_END = Date.UTC(2026, 10, 15, 18, 0, 0);
const TWO_YEARS = 2 * 365 * 24 * 3600 * 1000;

function pick<T>(rnd: () => number, list: readonly T[]): T {
  return list[Math.floor(rnd() * list.length)]!;
}

function channel(rnd: () => number): Channel {
  let x = rnd();
  for (const [c, p] of CHANNELS) {
    if ((x -= p) <= 0) return c;
  }
  return 'voice';
}

function meta<K extends AnyRecord['type']>(type: K, id: string, at: string) {
  return { type, id, rev: '1-sample', createdAt: at, updatedAt: at, updatedBy: 'sample-data' };
}

export interface SampleOptions {
  customers?: number;
  activities?: number;
  seed?: number;
  /** Prefix for ids, so several generated sets can live in one database. */
  prefix?: string;
  /** The language of titles, subjects, tags and notes (default English); the same records, ids and dates in every language. */
  locale?: SampleLocale;
}

/** The phone number of sample customer `i`, e.g. to simulate a call from a known customer. */
export function samplePhone(i: number): string {
  return `+34 600 ${String(100000 + i).slice(0, 3)} ${String(100000 + i).slice(3)}`;
}

export function sampleEmail(first: string, last: string, i: number): string {
  const plain = `${first}.${last}`.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  return `${plain}${i}@example.com`;
}

/**
 * Realistic, deterministic sample data: customers with es/fr/de/pt/en names,
 * phones, emails and chat ids; open and closed requests; activities over two
 * years on several channels, with tags. Defaults: 200 customers, 5,000 activities.
 */
export function* sampleRecords(options: SampleOptions = {}): Generator<AnyRecord> {
  const customers = options.customers ?? 200;
  const activities = options.activities ?? 5000;
  const prefix = options.prefix ?? 'demo';
  const locale = options.locale ?? 'en';
  const text = TEXTS[locale];
  // The same draw as pick(): every language gets the same index, so the same records.
  const word = (list: Words): string => list[locale][Math.floor(rnd() * list.en.length)]!;
  const rnd = random(options.seed ?? 42);
  const perCustomer = activities / customers;
  let made = 0;
  for (let i = 0; i < customers; i++) {
    const first = pick(rnd, FIRST);
    const last = pick(rnd, LAST);
    const since = SAMPLE_END - Math.floor(rnd() * TWO_YEARS);
    const customerId = `customer:${prefix}-${i}`;
    const customer: Customer = {
      ...meta('customer', customerId, new Date(since).toISOString()),
      name: `${first} ${last}`,
      phones: [samplePhone(i)],
      emails: [sampleEmail(first, last, i)],
      chatIds: rnd() < 0.5 ? [`${first.toLowerCase()}${i}`.normalize('NFD').replace(/\p{M}/gu, '')] : [],
      address: `${pick(rnd, STREETS)} ${1 + Math.floor(rnd() * 120)}, ${pick(rnd, CITIES)}`,
      fields: rnd() < 0.3 ? { [text.contract]: `C-${10000 + i}` } : {},
    };
    yield customer;
    const requestCount = Math.floor(rnd() * 4);
    const requests: Request[] = [];
    for (let r = 0; r < requestCount; r++) {
      const opened = since + Math.floor(rnd() * (SAMPLE_END - since));
      const closed = rnd() < 0.6 ? Math.min(SAMPLE_END, opened + Math.floor(rnd() * 20 * 86400000)) : null;
      const openedAt = new Date(opened).toISOString();
      const request: Request = {
        ...meta('request', `request:${prefix}-${i}-${r}`, openedAt),
        customerId,
        title: word(TITLES),
        description: rnd() < 0.7 ? text.description : '',
        status: closed === null ? 'open' : 'closed',
        openedAt,
        closedAt: closed === null ? null : new Date(closed).toISOString(),
      };
      requests.push(request);
      yield request;
    }
    const count = i === customers - 1 ? activities - made : Math.max(1, Math.round(perCustomer * (0.2 + rnd() * 1.6)));
    for (let a = 0; a < count && made < activities; a++, made++) {
      const at = new Date(since + Math.floor(rnd() * (SAMPLE_END - since))).toISOString();
      const tags = new Set<string>();
      const tagCount = Math.floor(rnd() * 3);
      for (let t = 0; t < tagCount; t++) tags.add(word(TAGS));
      const activity: Activity = {
        ...meta('activity', `activity:${prefix}-${i}-${a}`, at),
        customerId,
        requestId: requests.length && rnd() < 0.7 ? pick(rnd, requests).id : null,
        channel: channel(rnd),
        interactionId: null,
        at,
        subject: word(SUBJECTS),
        notes: rnd() < 0.4 ? text.notes : '',
        tags: [...tags],
      };
      yield activity;
    }
  }
}

/** Sample customer `i`'s name, without generating everything (same PRNG walk). */
export function sampleCustomers(options: SampleOptions = {}): Customer[] {
  return [...sampleRecords(options)].filter((r): r is Customer => r.type === 'customer');
}
