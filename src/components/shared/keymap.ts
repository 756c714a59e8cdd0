/**
 * The gadget's keyboard shortcuts as data (issue #18 item 3): the actions,
 * their default keys, the host's remaps parsed and checked, and a key press
 * matched against them. Pure: no DOM, no localisation (the help list words
 * the actions and the key names), tested without rendering.
 *
 * A key string is `Modifier+…+Key`, e.g. `Mod+S`, `Alt+Shift+F`,
 * `Alt+Shift+ArrowDown`, or a single character such as `?`. Modifiers:
 * `Mod` (Ctrl on Windows and Linux, ⌘ Command on macOS), `Ctrl`, `Alt`
 * (⌥ Option), `Shift`, `Meta` (⌘ on macOS, the Windows key elsewhere).
 *
 * Which key a press is: the **printed** letter or digit, not the physical
 * position. An agent on a German QWERTZ keyboard presses the key that reads
 * Z for `Alt+Shift+Z`, a French AZERTY agent the one that reads A for an `A`
 * shortcut: what the help list says is what is on the key cap. `event.key`
 * says what the key prints, but with ⌥ on macOS it is the character ⌥
 * makes (`Í`), and on a non-Latin layout (Russian, Greek) a letter of that
 * script; then the layout's own map (`navigator.keyboard.getLayoutMap()`,
 * when the browser has it) or else the physical key (`event.code`, `KeyF` →
 * `F`) decides. Digits come from `event.code` (AZERTY prints `&` on the 1
 * key without Shift). Punctuation such as `?` is the character typed,
 * whatever Shift it needed.
 */

/** What a shortcut can do. */
export const SHORTCUT_ACTIONS = [
  'save',
  'close',
  'closeRequest',
  'search',
  'next',
  'previous',
  'customerForm',
  'note',
  'move',
  'accept',
  'ready',
  'notReady',
  'help',
] as const;

export type ShortcutAction = (typeof SHORTCUT_ACTIONS)[number];

/** Actions that act only in Customer Care mode (a task queue is shown). */
export const CARE_ACTIONS: ReadonlySet<ShortcutAction> = new Set(['accept', 'ready', 'notReady']);

/**
 * The default keys. Ctrl/⌘+S saves (and the browser's "Save page" is
 * prevented). The others are Alt+Shift (⌥⇧ on macOS) with a letter:
 * Ctrl+letter belongs to the browser (T, W, N, L, R, F, P, D, H, J, K …),
 * Alt+letter opens menus on Windows, Ctrl+Alt is AltGr on Windows (it types
 * @, € and { on German, Polish and French keyboards) and is where the Cisco
 * Finesse desktop puts its own; of Alt+Shift, Chrome takes I (feedback),
 * T (toolbar) and A (an inactive dialog), ChromeOS M, N, S and L.
 */
export const DEFAULT_SHORTCUTS: Readonly<Record<ShortcutAction, string>> = {
  save: 'Mod+S',
  close: 'Alt+Shift+C',
  closeRequest: 'Alt+Shift+R',
  search: 'Alt+Shift+F',
  next: 'Alt+Shift+ArrowDown',
  previous: 'Alt+Shift+ArrowUp',
  customerForm: 'Alt+Shift+P',
  note: 'Alt+Shift+O',
  move: 'Alt+Shift+V',
  accept: 'Alt+Shift+Enter',
  ready: 'Alt+Shift+Y',
  notReady: 'Alt+Shift+B',
  help: '?',
};

/**
 * The host's setting: per action a key string, or `null` to turn that
 * shortcut off; actions left out keep their default. `false` turns them all
 * off.
 */
export type ShortcutSettings = Partial<Record<ShortcutAction, string | null>>;

/** The platform decides what `Mod` is and how keys are shown. */
export type KeyPlatform = 'mac' | 'other';

/** One key combination, resolved for a platform. */
export interface Chord {
  ctrl: boolean;
  alt: boolean;
  shift: boolean;
  meta: boolean;
  /**
   * The key: an upper-case letter or a digit, a named key (`Enter`,
   * `ArrowDown`, `F2` …), or one punctuation character (`?`, `/`).
   */
  key: string;
}

/** The keys of every action that has one (an action turned off has none). */
export type Keymap = ReadonlyMap<ShortcutAction, Chord>;

/** Why a host's setting was not taken (that action keeps its default). */
export interface ShortcutProblem {
  /** The action as the host wrote it (an unknown one is reported as written). */
  action: string;
  code: 'unknown-action' | 'invalid-keys' | 'no-modifier' | 'conflict';
  /** The key string refused. */
  keys: string;
  /** `conflict`: the action that has these keys. */
  with?: ShortcutAction;
}

/** Named keys a shortcut may use (as `KeyboardEvent.key` spells them). */
const NAMED_KEYS = [
  'Enter', 'Escape', 'Backspace', 'Delete', 'Insert', 'Home', 'End', 'PageUp', 'PageDown',
  'ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Space',
  ...Array.from({ length: 12 }, (_, i) => `F${i + 1}`),
] as const;
const NAMED = new Map<string, string>(NAMED_KEYS.map((name) => [name.toLowerCase(), name]));
const ALIASES = new Map<string, string>([['esc', 'Escape'], ['return', 'Enter'], ['up', 'ArrowUp'], ['down', 'ArrowDown'], ['left', 'ArrowLeft'], ['right', 'ArrowRight'], ['del', 'Delete']]);
/** Keys that need no modifier: they never type text (function keys). */
const FUNCTION_KEY = /^F([1-9]|1[0-2])$/;
const LETTER_OR_DIGIT = /^[A-Z0-9]$/;
const PUNCTUATION = /^[!-/:-@[-`{-~]$/;

type Modifier = 'mod' | 'ctrl' | 'alt' | 'shift' | 'meta';
const MODIFIERS = new Map<string, Modifier>([
  ['mod', 'mod'],
  ['ctrl', 'ctrl'],
  ['control', 'ctrl'],
  ['alt', 'alt'],
  ['option', 'alt'],
  ['opt', 'alt'],
  ['shift', 'shift'],
  ['meta', 'meta'],
  ['cmd', 'meta'],
  ['command', 'meta'],
]);

/**
 * Parses one key string for `platform`. Returns `null` when it is not one:
 * empty, an unknown modifier or key, a modifier twice, or no key.
 */
export function parseChord(text: string, platform: KeyPlatform): Chord | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  // "Alt+Shift++" names the + key: a trailing "+" after a "+" is the key itself.
  const parts = trimmed.endsWith('++') ? [...trimmed.slice(0, -2).split('+'), '+'] : trimmed === '+' ? ['+'] : trimmed.split('+');
  const keyPart = parts.pop()?.trim() ?? '';
  const chord: Chord = { ctrl: false, alt: false, shift: false, meta: false, key: '' };
  for (const part of parts) {
    const modifier = MODIFIERS.get(part.trim().toLowerCase());
    if (!modifier) return null;
    const flag = modifier === 'mod' ? (platform === 'mac' ? 'meta' : 'ctrl') : modifier;
    if (chord[flag]) return null;
    chord[flag] = true;
  }
  const key = normaliseKey(keyPart);
  if (!key) return null;
  chord.key = key;
  return chord;
}

function normaliseKey(text: string): string | null {
  if (text.length === 1) {
    const upper = text.toUpperCase();
    if (LETTER_OR_DIGIT.test(upper)) return upper;
    return PUNCTUATION.test(text) ? text : null;
  }
  const lower = text.toLowerCase();
  return NAMED.get(lower) ?? ALIASES.get(lower) ?? null;
}

/** Whether a chord can fire without typing text: Ctrl, Alt or Meta held, or a function key. `help` may be a bare key. */
function hasModifier(chord: Chord): boolean {
  return chord.ctrl || chord.alt || chord.meta || FUNCTION_KEY.test(chord.key);
}

/** One string per chord: two actions with equal ones conflict. */
export function chordId(chord: Chord): string {
  return `${chord.ctrl ? 'c' : ''}${chord.alt ? 'a' : ''}${chord.shift ? 's' : ''}${chord.meta ? 'm' : ''}+${chord.key}`;
}

function isAction(name: string): name is ShortcutAction {
  return (SHORTCUT_ACTIONS as readonly string[]).includes(name);
}

/**
 * The keymap for the host's `settings` (`undefined`: the defaults; `false`:
 * none) on `platform`, and what was refused. A refused entry keeps that
 * action's default; of two actions given the same keys, the one the host
 * changed (the later one when it changed both) goes back to its default.
 */
export function resolveKeymap(settings: ShortcutSettings | false | undefined, platform: KeyPlatform): { keymap: Keymap; problems: ShortcutProblem[] } {
  const problems: ShortcutProblem[] = [];
  if (settings === false) return { keymap: new Map(), problems };
  const defaults = new Map<ShortcutAction, Chord>();
  for (const action of SHORTCUT_ACTIONS) defaults.set(action, parseChord(DEFAULT_SHORTCUTS[action], platform)!);
  const chosen = new Map<ShortcutAction, Chord | null>(defaults);
  const changed = new Set<ShortcutAction>();
  for (const [name, value] of Object.entries(settings ?? {})) {
    const keys = value === null ? '' : String(value);
    if (!isAction(name)) {
      problems.push({ action: name, code: 'unknown-action', keys });
      continue;
    }
    if (value === null || value === undefined) {
      if (value === null) chosen.set(name, null);
      continue;
    }
    const chord = parseChord(keys, platform);
    if (!chord) problems.push({ action: name, code: 'invalid-keys', keys });
    else if (name !== 'help' && !hasModifier(chord)) problems.push({ action: name, code: 'no-modifier', keys });
    else {
      chosen.set(name, chord);
      changed.add(name);
    }
  }
  // Two actions on one chord: the host's change gives way (its default back, or none).
  for (let round = 0; round <= SHORTCUT_ACTIONS.length; round++) {
    const clash = findClash(chosen);
    if (!clash) break;
    const [first, second] = clash;
    const loser = changed.has(second) || !changed.has(first) ? second : first;
    const winner = loser === second ? first : second;
    if (changed.has(loser)) problems.push({ action: loser, code: 'conflict', keys: settings?.[loser] ?? '', with: winner });
    chosen.set(loser, changed.has(loser) ? defaults.get(loser)! : null);
    changed.delete(loser);
  }
  const keymap = new Map<ShortcutAction, Chord>();
  for (const [action, chord] of chosen) if (chord) keymap.set(action, chord);
  return { keymap, problems };
}

function findClash(chosen: ReadonlyMap<ShortcutAction, Chord | null>): [ShortcutAction, ShortcutAction] | null {
  const seen = new Map<string, ShortcutAction>();
  for (const action of SHORTCUT_ACTIONS) {
    const chord = chosen.get(action);
    if (!chord) continue;
    const id = chordId(chord);
    const other = seen.get(id);
    if (other) return [other, action];
    seen.set(id, action);
  }
  return null;
}

/**
 * The attribute form: `off` (also `none`, `false`) turns every shortcut off;
 * otherwise `action:keys` pairs separated by `;`, where `keys` of `off` or
 * `none` turns that one off, e.g. `save:Mod+S; search:Alt+Shift+K; note:off`.
 * An empty attribute means the defaults. Nothing is refused here: an entry
 * without `:` is kept with empty keys, so `resolveKeymap` reports it.
 */
export function shortcutsFromAttribute(value: string | null): ShortcutSettings | false | undefined {
  const text = value?.trim() ?? '';
  if (!text) return undefined;
  if (/^(off|none|false)$/i.test(text)) return false;
  const settings: Record<string, string | null> = {};
  for (const entry of text.split(';')) {
    if (!entry.trim()) continue;
    const at = entry.indexOf(':');
    const name = (at === -1 ? entry : entry.slice(0, at)).trim();
    const keys = at === -1 ? '' : entry.slice(at + 1).trim();
    settings[name] = /^(off|none)$/i.test(keys) ? null : keys;
  }
  return settings as ShortcutSettings;
}

/** What of a `KeyboardEvent` a match needs (a plain object in tests). */
export interface KeyPress {
  key: string;
  code: string;
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
}

/** `code` → the printed key of the agent's layout (`navigator.keyboard.getLayoutMap()`), when known. */
export type LayoutMap = ReadonlyMap<string, string>;

/**
 * Which key a press is, as a chord's `key` spells it: the printed letter
 * (from `event.key`, else the layout map, else the physical key), the
 * punctuation typed, the digit of a digit key (AZERTY's 1 key types `&`
 * without Shift: both count), a named key. Empty for a key no shortcut can
 * use (a modifier alone, a dead key).
 */
export function pressedKeys(press: KeyPress, layout?: LayoutMap): string[] {
  const { key, code } = press;
  const keys: string[] = [];
  if (key.length === 1) {
    const upper = key.toUpperCase();
    if (/^[A-Z]$/.test(upper)) return [upper];
    // What the key typed, wherever it sits: AZERTY's ? and , are on the US M key.
    if (PUNCTUATION.test(key)) keys.push(key);
  }
  const digit = /^(?:Digit|Numpad)([0-9])$/.exec(code)?.[1];
  if (digit) keys.push(digit);
  else if (/^Key[A-Z]$/.test(code) && !keys.length) {
    const printed = layout?.get(code)?.toUpperCase();
    keys.push(printed && /^[A-Z]$/.test(printed) ? printed : code.slice(3));
  }
  if (keys.length) return keys;
  const named = key === ' ' ? 'Space' : NAMED.get(key.toLowerCase());
  return named ? [named] : [];
}

/**
 * The action a press asks for, or `null`. Ctrl, Alt and Meta must be
 * exactly as the chord says (AltGr, which is Ctrl+Alt, never matches an
 * Alt+Shift shortcut); Shift too, except for punctuation, which is matched
 * by the character typed (`?` is Shift+/ in the US, Shift+, in France).
 */
export function matchAction(keymap: Keymap, press: KeyPress, layout?: LayoutMap): ShortcutAction | null {
  const keys = pressedKeys(press, layout);
  if (!keys.length) return null;
  for (const [action, chord] of keymap) {
    if (!keys.includes(chord.key) || chord.ctrl !== press.ctrlKey || chord.alt !== press.altKey || chord.meta !== press.metaKey) continue;
    if (PUNCTUATION.test(chord.key) || chord.shift === press.shiftKey) return action;
  }
  return null;
}

/**
 * Whether a chord may act while focus is in a text field. Never a bare key
 * (it is text). On macOS, not ⌥ without ⌘ or ⌃: ⌥⇧ with a letter types a
 * character there (⌥⇧F is Ï); elsewhere Alt+Shift+letter types nothing.
 */
export function actsWhileTyping(chord: Chord, platform: KeyPlatform): boolean {
  if (!hasModifier(chord)) return false;
  if (platform === 'mac' && chord.alt && !chord.meta && !chord.ctrl) return false;
  return true;
}

/** The names a key is shown with, in the agent's language (the help list supplies them). */
export interface KeyNames {
  ctrl: string;
  alt: string;
  shift: string;
  meta: string;
  /** Named keys other than arrows (`Enter`, `Escape`, `Space` …) by their `Chord.key`; missing ones show as spelled. */
  named: Readonly<Record<string, string>>;
}

/** One key cap: what shows, and what a screen reader says when the sign is a symbol (⌘, ↓). */
export interface KeyCap {
  shown: string;
  spoken: string;
}

const ARROWS: Readonly<Record<string, string>> = { ArrowUp: '↑', ArrowDown: '↓', ArrowLeft: '←', ArrowRight: '→' };
const MAC_SIGNS = { ctrl: '⌃', alt: '⌥', shift: '⇧', meta: '⌘' } as const;

/**
 * The key caps of a chord as the agent's platform shows them, in its order:
 * ⌃ ⌥ ⇧ ⌘ then the key on macOS; Ctrl, Alt, Shift, Win/Meta then the key
 * elsewhere. Arrows are shown as arrows; each cap says its name for a
 * screen reader.
 */
export function keyCaps(chord: Chord, platform: KeyPlatform, names: KeyNames): KeyCap[] {
  const caps: KeyCap[] = [];
  for (const modifier of ['ctrl', 'alt', 'shift', 'meta'] as const) {
    if (!chord[modifier]) continue;
    caps.push(platform === 'mac' ? { shown: MAC_SIGNS[modifier], spoken: names[modifier] } : { shown: names[modifier], spoken: names[modifier] });
  }
  const named = names.named[chord.key] ?? chord.key;
  caps.push(ARROWS[chord.key] ? { shown: ARROWS[chord.key]!, spoken: named } : { shown: named, spoken: named });
  return caps;
}

/** The platform of a browser: macOS, iPadOS and iOS use ⌘ for `Mod`. */
export function platformOf(navigatorLike: { platform?: string; userAgentData?: { platform?: string } } | undefined): KeyPlatform {
  const name = navigatorLike?.userAgentData?.platform || navigatorLike?.platform || '';
  return /mac|iphone|ipad|ipod/i.test(name) ? 'mac' : 'other';
}
