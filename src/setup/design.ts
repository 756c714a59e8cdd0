import { CHANNELS, KINDS } from '../model/records.js';
import { MAX_ITEMS, MAX_TAG, MAX_TEXT } from '../model/limits.js';
import { PHONE_END, PHONE_TAIL } from '../store/keys.js';
import { DESIGN_ID, DESIGN_VERSION } from '../store/couchdb/views.js';
import { PRESENCE_DOINGS } from '../store/presence/presence.js';

/**
 * The design document the setup command installs (`_design/cc-v<N>`): the
 * views the gadget reads and `validate_doc_update`, the server's copy of the
 * model's rules. The functions are JavaScript source run by CouchDB's query
 * server, written in ES5 (CouchDB 3's SpiderMonkey 1.8.5 reads nothing newer),
 * with the model's limits written into them here, so the server's rules and
 * the model cannot drift. `test/setup/design.test.ts` runs each function
 * against the model: the same keys as `searchKeys`, the same verdicts as
 * `validateRecord`.
 */

/** The limits as the model counts them (UTF-16 code units), handed to the functions. */
export const SERVER_LIMITS = { text: MAX_TEXT, tag: MAX_TAG, items: MAX_ITEMS, date: 64, id: 200, phoneTail: PHONE_TAIL, phoneEnd: PHONE_END, phoneMax: 15, suffix: 200 } as const;

/**
 * The Latin letters with accents (U+00C0–U+024F, Latin Extended Additional
 * U+1E00–U+1EFF) and the letter each folds to (`fold` of src/store/keys.ts:
 * NFD, marks removed), as one string of pairs: the view's `fold` uses it where
 * the query server's engine has no `String.prototype.normalize` (CouchDB 3's
 * SpiderMonkey 1.8.5), so "García" is keyed "garcia" there too.
 */
function accentPairs(): string {
  let pairs = '';
  for (const [from, to] of [[0xc0, 0x24f], [0x1e00, 0x1eff]] as const) {
    for (let code = from; code <= to; code++) {
      const letter = String.fromCharCode(code);
      const base = letter.normalize('NFD').replace(/\p{M}/gu, '');
      if (base !== letter && base.length === 1) pairs += letter + base;
    }
  }
  return pairs;
}

/**
 * `fold`, `phoneDigits`, `withoutTrunk`, `phoneTails`, `phoneEnds`, `wordSuffixes` and
 * `searchKeys` of src/store/keys.ts, in ES5. `\p{M}` needs a Unicode-aware
 * engine (SpiderMonkey 78+, QuickJS); an older one strips the combining
 * diacritical marks blocks, and without `normalize` folds the accented Latin
 * letters by a table (`accentPairs`): the same keys for every Latin-script name.
 */
const KEY_HELPERS = `
  var L = ${JSON.stringify(SERVER_LIMITS)};
  var MARKS;
  try { MARKS = new RegExp('\\\\p{M}', 'gu'); } catch (e) { MARKS = /[\\u0300-\\u036f\\u1ab0-\\u1aff\\u1dc0-\\u1dff\\u20d0-\\u20ff\\ufe20-\\ufe2f]/g; }
  var ACCENTS = ${JSON.stringify(accentPairs())};
  function fold(s) {
    s = String(s);
    if (typeof s.normalize === 'function') s = s.normalize('NFD');
    else {
      var out = '';
      for (var i = 0; i < s.length; i++) {
        var at = ACCENTS.indexOf(s.charAt(i));
        out += at >= 0 && at % 2 === 0 ? ACCENTS.charAt(at + 1) : s.charAt(i);
      }
      s = out;
    }
    return s.replace(MARKS, '').toLowerCase().trim();
  }
  function digits(s) { return String(s).replace(/\\D/g, ''); }
  function withoutTrunk(d) {
    return /^0[1-9]/.test(d) && d.length - 1 >= L.phoneTail && d.length <= L.phoneMax ? d.slice(1) : '';
  }
  function tails(d) {
    var out = [];
    if (d.length > L.phoneMax) return out;
    for (var n = d.length - 1; n >= L.phoneTail; n--) out.push(d.slice(-n));
    return out;
  }
  function ends(d) {
    var out = [];
    if (d.length > L.phoneMax) return out;
    for (var n = Math.min(d.length - 1, L.phoneTail - 1); n >= L.phoneEnd; n--) out.push(d.slice(-n));
    return out;
  }
  function suffixes(s) {
    var words = fold(s).split(/\\s+/), kept = [], out = [];
    for (var i = 0; i < words.length; i++) if (words[i]) kept.push(words[i]);
    for (var j = 0; j < kept.length; j++) out.push(kept.slice(j).join(' ').slice(0, L.suffix));
    return out;
  }
  function strings(list) {
    var out = [];
    if (Object.prototype.toString.call(list) !== '[object Array]') return out;
    for (var i = 0; i < list.length && i < L.items; i++) if (typeof list[i] === 'string') out.push(list[i]);
    return out;
  }
  function searchKeys(doc) {
    var k = {}, i, j, d;
    if (doc.type === 'customer') {
      k.names = []; k.phones = []; k.phoneTails = []; k.phoneEnds = []; k.emails = []; k.chatIds = [];
      // A merged duplicate (issue #19) is found by no key: only by its id.
      if (doc.mergedInto) return k;
      var full = (typeof doc.name === 'string' ? doc.name : '') + ' ' + (typeof doc.lastName === 'string' ? doc.lastName : '');
      k.names = suffixes(full);
      var phones = strings(doc.phones);
      for (i = 0; i < phones.length; i++) {
        d = digits(phones[i]);
        k.phones.push(d, withoutTrunk(d));
        var t = tails(d);
        for (j = 0; j < t.length; j++) k.phoneTails.push(t[j]);
        var e = ends(d);
        for (j = 0; j < e.length; j++) k.phoneEnds.push(e[j]);
      }
      var emails = strings(doc.emails), chats = strings(doc.chatIds);
      for (i = 0; i < emails.length; i++) k.emails.push(fold(emails[i]));
      for (i = 0; i < chats.length; i++) k.chatIds.push(fold(chats[i]));
    } else if (doc.type === 'request') {
      k.titles = typeof doc.title === 'string' ? suffixes(doc.title) : [];
    } else if (doc.type === 'activity') {
      k.tags = [];
      var tags = strings(doc.tags);
      for (i = 0; i < tags.length; i++) k.tags.push(fold(tags[i]));
    }
    for (var path in k) {
      // Keyed ' ' + v: a key named like an Object.prototype member (__proto__) is a key like any other.
      var seen = {}, unique = [];
      for (i = 0; i < k[path].length; i++) {
        var v = k[path][i];
        if (v && seen[' ' + v] !== true) { seen[' ' + v] = true; unique.push(v); }
      }
      k[path] = unique;
    }
    return k;
  }
`;

const KEYS_MAP = `function (doc) {
${KEY_HELPERS}
  if (doc.type !== 'customer' && doc.type !== 'request' && doc.type !== 'activity') return;
  var owner = doc.type === 'customer' ? null : (typeof doc.customerId === 'string' ? doc.customerId : undefined);
  if (owner === undefined) return;
  var k = searchKeys(doc);
  for (var path in k) for (var i = 0; i < k[path].length; i++) emit([path, k[path][i]], owner);
}`;

/**
 * Tag suggestions: one row per tag of an activity keyed `[fold(tag), tag as
 * written]` (once per activity, as `tagSpellings` of src/store/keys.ts), read
 * with `group=true`, the `_count` reduce giving each spelling's uses.
 */
const TAGS_MAP = `function (doc) {
${KEY_HELPERS}
  if (doc.type !== 'activity' || typeof doc.customerId !== 'string') return;
  var tags = strings(doc.tags), seen = {};
  for (var i = 0; i < tags.length; i++) {
    var folded = fold(tags[i]), written = String(tags[i]).replace(/^\\s+|\\s+$/g, '');
    if (!folded || seen[' ' + folded + '\\u0000' + written] === true) continue;
    seen[' ' + folded + '\\u0000' + written] = true;
    emit([folded, written], null);
  }
}`;

const JOURNEY_MAP = `function (doc) {
  if (doc.type === 'activity' && typeof doc.customerId === 'string' && typeof doc.at === 'string') emit([doc.customerId, doc.at, doc._id], null);
}`;

/**
 * The history chart's counts (issue #19): one row per activity keyed
 * `[customerId, month of at (YYYY-MM, UTC as the model keeps at), channel]`,
 * `_count` reduce, read with `group_level=3`.
 */
const HISTORY_MAP = `function (doc) {
  if (doc.type === 'activity' && typeof doc.customerId === 'string' && typeof doc.at === 'string' && typeof doc.channel === 'string') emit([doc.customerId, doc.at.slice(0, 7), doc.channel], null);
}`;

const REQUESTS_MAP = `function (doc) {
  if (doc.type === 'request' && typeof doc.customerId === 'string' && typeof doc.openedAt === 'string') emit([doc.customerId, doc.openedAt], null);
}`;

const INTERACTIONS_MAP = `function (doc) {
  if (doc.type === 'activity' && typeof doc.interactionId === 'string') emit(doc.interactionId, null);
}`;

/**
 * The model's rules (src/model/records.ts, schema-parts.ts, limits.ts) as
 * `validate_doc_update`. A refusal is `{forbidden: "customer-context: <field>: <why>"}`,
 * answered `403 forbidden` with that reason. Design documents are left to
 * CouchDB (admins only). Writers: `updatedBy` is the signed-in user unless a
 * database admin (server admin, or a name/role in `_security.admins`) writes.
 */
const VALIDATE = `function (newDoc, oldDoc, userCtx, secObj) {
  var L = ${JSON.stringify(SERVER_LIMITS)};
  var KINDS = ${JSON.stringify(KINDS)};
  var CHANNELS = ${JSON.stringify(CHANNELS)};
  var PRESENCE_DOINGS = ${JSON.stringify([...PRESENCE_DOINGS, 'left'])};
  var BAD_KEYS = ['__proto__', 'constructor', 'prototype'];
  function refuse(field, why) { throw({ forbidden: 'customer-context: ' + field + ': ' + why }); }
  function isArray(v) { return Object.prototype.toString.call(v) === '[object Array]'; }
  function has(list, v) { for (var i = 0; i < list.length; i++) if (list[i] === v) return true; return false; }
  function text(field, v) {
    if (typeof v !== 'string') refuse(field, 'expected text');
    if (v.length > L.text) refuse(field, 'at most ' + L.text + ' characters');
  }
  function date(field, v) {
    if (typeof v !== 'string' || v.length > L.date || isNaN(Date.parse(v))) refuse(field, 'expected an ISO date');
  }
  function nullable(field, v, check) { if (v !== null) check(field, v); }
  function optional(field, v, check) { if (v !== undefined) check(field, v); }
  function nullableText(field, v) { nullable(field, v, text); }
  function texts(field, v) { list(field, v, text); }
  function list(field, v, item) {
    if (!isArray(v)) refuse(field, 'expected a list');
    if (v.length > L.items) refuse(field, 'at most ' + L.items + ' items');
    for (var i = 0; i < v.length; i++) item(field + '.' + i, v[i]);
  }
  function oneOf(field, v, values) { if (!has(values, v)) refuse(field, 'expected one of ' + values.join(', ')); }
  function noBadKeys(field, obj) {
    for (var i = 0; i < BAD_KEYS.length; i++) if (Object.prototype.hasOwnProperty.call(obj, BAD_KEYS[i])) refuse(field, 'the key ' + BAD_KEYS[i] + ' is not allowed');
  }

  var roles = (userCtx && userCtx.roles) || [];
  var admins = (secObj && secObj.admins) || {};
  var admin = has(roles, '_admin') || has(admins.names || [], userCtx && userCtx.name);
  for (var r = 0; r < roles.length && !admin; r++) if (has(admins.roles || [], roles[r])) admin = true;
  function by(field, v) {
    text(field, v);
    if (!v) refuse(field, 'expected the agent who writes');
    if (!admin && v !== userCtx.name) refuse(field, 'must be the signed-in user (' + userCtx.name + '), not ' + v);
  }

  if (newDoc._id.indexOf('_design/') === 0 || newDoc._id.indexOf('_local/') === 0) return;
  if (newDoc._deleted) {
    // Resolving a cluster conflict deletes the losing side: members may, naming themselves.
    if (oldDoc && !admin) by('updatedBy', newDoc.updatedBy);
    return;
  }
  noBadKeys('document', newDoc);
  var type = newDoc.type;
  if (oldDoc && !oldDoc._deleted && oldDoc.type !== type) refuse('type', 'a document keeps its type (' + oldDoc.type + ')');
  if (newDoc._id.length > L.id) refuse('_id', 'at most ' + L.id + ' characters');

  if (type === 'drafts') {
    text('agentId', newDoc.agentId);
    if (newDoc._id !== 'drafts:' + newDoc.agentId) refuse('_id', 'a drafts document is drafts:<agentId>');
    if (!admin && newDoc.agentId !== userCtx.name) refuse('agentId', 'an agent writes only its own drafts');
    date('updatedAt', newDoc.updatedAt);
    return;
  }
  if (type === 'presence') {
    // Who has which customer open (issue #18 item 2): one document per agent, written only by that agent.
    text('agent', newDoc.agent);
    if (!newDoc.agent) refuse('agent', 'expected the agent it is about');
    if (newDoc._id !== 'presence:' + newDoc.agent) refuse('_id', 'a presence document is presence:<agent>');
    if (!admin && newDoc.agent !== userCtx.name) refuse('agent', 'an agent writes only its own presence');
    text('name', newDoc.name);
    date('at', newDoc.at);
    date('expiresAt', newDoc.expiresAt);
    list('entries', newDoc.entries, function (field, entry) {
      if (!entry || typeof entry !== 'object' || isArray(entry)) refuse(field, 'expected { customerId, doing, since }');
      noBadKeys(field, entry);
      text(field + '.customerId', entry.customerId);
      if (!entry.customerId) refuse(field + '.customerId', 'expected a customer id');
      oneOf(field + '.doing', entry.doing, PRESENCE_DOINGS);
      date(field + '.since', entry.since);
      if (entry.recordId !== undefined) text(field + '.recordId', entry.recordId);
    });
    return;
  }
  if (!has(KINDS, type)) refuse('type', 'expected one of ' + KINDS.join(', '));
  if (newDoc._id.indexOf(type + ':') !== 0 || newDoc._id.length === type.length + 1) refuse('_id', 'expected ' + type + ':<id>');
  date('createdAt', newDoc.createdAt);
  date('updatedAt', newDoc.updatedAt);
  by('updatedBy', newDoc.updatedBy);

  if (type === 'customer') {
    text('name', newDoc.name);
    list('phones', newDoc.phones, text);
    list('emails', newDoc.emails, text);
    list('chatIds', newDoc.chatIds, text);
    text('address', newDoc.address);
    // Issue #19: the family name, and a merge's marks (a tombstone's survivor, a survivor's duplicates).
    optional('lastName', newDoc.lastName, text);
    optional('mergedInto', newDoc.mergedInto, nullableText);
    optional('mergedFrom', newDoc.mergedFrom, texts);
    var fields = newDoc.fields;
    if (!fields || typeof fields !== 'object' || isArray(fields)) refuse('fields', 'expected name → value fields');
    noBadKeys('fields', fields);
    var count = 0;
    for (var name in fields) {
      if (!Object.prototype.hasOwnProperty.call(fields, name)) continue;
      count++;
      text('fields', name);
      text('fields.' + name, fields[name]);
    }
    if (count > L.items) refuse('fields', 'at most ' + L.items + ' items');
  } else if (type === 'request') {
    text('customerId', newDoc.customerId);
    text('title', newDoc.title);
    text('description', newDoc.description);
    oneOf('status', newDoc.status, ['open', 'closed']);
    date('openedAt', newDoc.openedAt);
    nullable('closedAt', newDoc.closedAt, date);
  } else {
    text('customerId', newDoc.customerId);
    nullable('requestId', newDoc.requestId, text);
    oneOf('channel', newDoc.channel, CHANNELS);
    nullable('interactionId', newDoc.interactionId, text);
    // Issue #19: the customer a moved activity came from.
    optional('movedFrom', newDoc.movedFrom, nullableText);
    date('at', newDoc.at);
    text('subject', newDoc.subject);
    text('notes', newDoc.notes);
    var seen = {};
    list('tags', newDoc.tags, function (field, tag) {
      if (typeof tag !== 'string') refuse(field, 'expected text');
      var trimmed = tag.trim();
      if (!trimmed) refuse(field, 'a tag cannot be empty');
      if (trimmed.length > L.tag) refuse(field, 'a tag holds at most ' + L.tag + ' characters');
      var key = ' ' + trimmed.toLowerCase();
      if (seen[key]) refuse(field, 'tags on one activity are unique (ignoring case and spaces)');
      seen[key] = true;
    });
  }
}`;

export interface DesignDoc {
  _id: string;
  _rev?: string;
  language: 'javascript';
  views: Record<string, { map: string; reduce?: string }>;
  validate_doc_update: string;
  /** Which gadget version reads it, and the limits written into it (for `--check` and for people). */
  customerContext: { version: number; limits: typeof SERVER_LIMITS };
}

/** The design document, as the setup command writes it. */
export function designDoc(): DesignDoc {
  return {
    _id: DESIGN_ID,
    language: 'javascript',
    views: {
      keys: { map: KEYS_MAP },
      journey: { map: JOURNEY_MAP, reduce: '_count' },
      requests: { map: REQUESTS_MAP },
      interactions: { map: INTERACTIONS_MAP },
      tags: { map: TAGS_MAP, reduce: '_count' },
      history: { map: HISTORY_MAP, reduce: '_count' },
    },
    validate_doc_update: VALIDATE,
    customerContext: { version: DESIGN_VERSION, limits: SERVER_LIMITS },
  };
}
