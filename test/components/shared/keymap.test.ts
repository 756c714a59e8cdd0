import { expect } from '@open-wc/testing';
import {
  DEFAULT_SHORTCUTS,
  SHORTCUT_ACTIONS,
  actsWhileTyping,
  keyCaps,
  matchAction,
  parseChord,
  platformOf,
  pressedKeys,
  resolveKeymap,
  shortcutsFromAttribute,
  type KeyPress,
} from '../../../src/components/shared/keymap.js';

const press = (key: string, code: string, mods: Partial<Pick<KeyPress, 'ctrlKey' | 'altKey' | 'shiftKey' | 'metaKey'>> = {}): KeyPress => ({
  key,
  code,
  ctrlKey: false,
  altKey: false,
  shiftKey: false,
  metaKey: false,
  ...mods,
});
const names = { ctrl: 'Ctrl', alt: 'Alt', shift: 'Shift', meta: 'Command', named: { Enter: 'Enter', ArrowDown: 'Down arrow' } };

describe('keymap: parsing key strings', () => {
  it('Mod is Ctrl on Windows and Linux, ⌘ (Meta) on macOS', () => {
    expect(parseChord('Mod+S', 'other')).to.deep.equal({ ctrl: true, alt: false, shift: false, meta: false, key: 'S' });
    expect(parseChord('Mod+S', 'mac')).to.deep.equal({ ctrl: false, alt: false, shift: false, meta: true, key: 'S' });
  });

  it('takes modifiers in any order and case, aliases (Control, Option, Cmd) and named keys', () => {
    expect(parseChord('shift+ALT+n', 'other')).to.deep.equal({ ctrl: false, alt: true, shift: true, meta: false, key: 'N' });
    expect(parseChord('Control+Option+Cmd+F2', 'other')).to.deep.equal({ ctrl: true, alt: true, shift: false, meta: true, key: 'F2' });
    expect(parseChord('Alt+Shift+down', 'other')?.key).to.equal('ArrowDown');
    expect(parseChord(' Alt + Shift + Enter ', 'other')?.key).to.equal('Enter');
    expect(parseChord('?', 'other')).to.deep.equal({ ctrl: false, alt: false, shift: false, meta: false, key: '?' });
    expect(parseChord('Ctrl++', 'other')?.key).to.equal('+');
  });

  it('refuses what is not a key string: empty, unknown modifier or key, a modifier twice, no key', () => {
    for (const bad of ['', '   ', 'Hyper+S', 'Alt+Shift+', 'Alt+Alt+S', 'Ctrl+Mod+S', 'Alt+Shift+Banana', 'Alt+ß', 'Alt+Shift+é']) {
      expect(parseChord(bad, 'other'), bad).to.equal(null);
    }
    // Mod is Ctrl elsewhere, so Ctrl+Mod names Ctrl twice; on a Mac it is ⌃⌘.
    expect(parseChord('Ctrl+Mod+S', 'mac')).to.deep.include({ ctrl: true, meta: true });
  });
});

describe('keymap: the host settings', () => {
  it('the defaults: every action has keys, none twice, all with a modifier except help', () => {
    const { keymap, problems } = resolveKeymap(undefined, 'other');
    expect(problems).to.deep.equal([]);
    expect([...keymap.keys()]).to.deep.equal([...SHORTCUT_ACTIONS]);
    expect(keymap.get('save')).to.deep.equal({ ctrl: true, alt: false, shift: false, meta: false, key: 'S' });
    for (const [action, chord] of keymap) if (action !== 'help') expect(chord.ctrl || chord.alt || chord.meta, action).to.equal(true);
    // No Ctrl+Alt (AltGr on Windows, Finesse's own), no Alt+letter alone (Windows menus).
    for (const [action, chord] of keymap) expect(chord.ctrl && chord.alt, action).to.equal(false);
    for (const [action, chord] of keymap) if (chord.alt) expect(chord.shift, action).to.equal(true);
  });

  it('false turns every shortcut off; null one of them', () => {
    expect(resolveKeymap(false, 'other').keymap.size).to.equal(0);
    const { keymap } = resolveKeymap({ note: null, help: null }, 'other');
    expect(keymap.has('note')).to.equal(false);
    expect(keymap.has('help')).to.equal(false);
    expect(keymap.has('save')).to.equal(true);
  });

  it('remaps: the new keys replace the default, and two actions may swap keys', () => {
    const { keymap, problems } = resolveKeymap({ search: 'Alt+Shift+K', close: 'Alt+Shift+F', closeRequest: 'Alt+Shift+C' }, 'other');
    expect(problems).to.deep.equal([]);
    expect(keymap.get('search')?.key).to.equal('K');
    expect(keymap.get('close')?.key).to.equal('F');
    expect(keymap.get('closeRequest')?.key).to.equal('C');
  });

  it('refuses a bad entry and keeps that action default: unknown action, bad keys, no modifier', () => {
    const { keymap, problems } = resolveKeymap({ search: 'Alt+Shift+Banana', note: 'N', ['bogus' as 'save']: 'Mod+B', close: 'Shift+C' }, 'other');
    expect(problems).to.deep.equal([
      { action: 'search', code: 'invalid-keys', keys: 'Alt+Shift+Banana' },
      { action: 'note', code: 'no-modifier', keys: 'N' },
      { action: 'bogus', code: 'unknown-action', keys: 'Mod+B' },
      { action: 'close', code: 'no-modifier', keys: 'Shift+C' },
    ]);
    expect(keymap.get('search')).to.deep.equal(parseChord(DEFAULT_SHORTCUTS.search, 'other'));
    expect(keymap.get('note')).to.deep.equal(parseChord(DEFAULT_SHORTCUTS.note, 'other'));
    expect(keymap.get('close')).to.deep.equal(parseChord(DEFAULT_SHORTCUTS.close, 'other'));
  });

  it('keys another action has: the host change gives way, its default stays', () => {
    const { keymap, problems } = resolveKeymap({ search: 'Mod+S' }, 'other');
    expect(problems).to.deep.equal([{ action: 'search', code: 'conflict', keys: 'Mod+S', with: 'save' }]);
    expect(keymap.get('save')?.key).to.equal('S');
    expect(keymap.get('search')?.key).to.equal('F');
  });

  it('the host gives two actions the same keys: the later one goes back to its default', () => {
    const { keymap, problems } = resolveKeymap({ close: 'Alt+Shift+K', search: 'Alt+Shift+K', help: 'Alt+Shift+C' }, 'other');
    expect(problems).to.deep.equal([{ action: 'search', code: 'conflict', keys: 'Alt+Shift+K', with: 'close' }]);
    expect(keymap.get('close')?.key).to.equal('K');
    expect(keymap.get('search')?.key).to.equal('F');
    // close left C, so help may take it.
    expect(keymap.get('help')).to.deep.include({ alt: true, shift: true, key: 'C' });
  });

  it('Mod+S and Ctrl+S are the same keys on Windows, not on a Mac', () => {
    expect(resolveKeymap({ search: 'Ctrl+S' }, 'other').problems).to.have.length(1);
    expect(resolveKeymap({ search: 'Ctrl+S' }, 'mac').problems).to.deep.equal([]);
  });

  it('the attribute form: off, action:keys pairs, off for one, broken entries kept for the report', () => {
    expect(shortcutsFromAttribute(null)).to.equal(undefined);
    expect(shortcutsFromAttribute('  ')).to.equal(undefined);
    expect(shortcutsFromAttribute('off')).to.equal(false);
    expect(shortcutsFromAttribute('NONE')).to.equal(false);
    expect(shortcutsFromAttribute('save:Mod+S; search : Alt+Shift+K;note:off;;')).to.deep.equal({ save: 'Mod+S', search: 'Alt+Shift+K', note: null });
    const broken = shortcutsFromAttribute('search=Alt+Shift+K');
    expect(broken).to.deep.equal({ 'search=Alt+Shift+K': '' });
    expect(resolveKeymap(broken, 'other').problems[0]?.code).to.equal('unknown-action');
    expect(resolveKeymap(shortcutsFromAttribute('search:'), 'other').problems[0]?.code).to.equal('invalid-keys');
  });
});

describe('keymap: matching a key press', () => {
  const windows = resolveKeymap(undefined, 'other').keymap;
  const mac = resolveKeymap(undefined, 'mac').keymap;

  it('Ctrl+S saves on Windows, ⌘S on a Mac; not the other way round', () => {
    expect(matchAction(windows, press('s', 'KeyS', { ctrlKey: true }))).to.equal('save');
    expect(matchAction(mac, press('s', 'KeyS', { metaKey: true }))).to.equal('save');
    expect(matchAction(mac, press('s', 'KeyS', { ctrlKey: true }))).to.equal(null);
    expect(matchAction(windows, press('s', 'KeyS', { metaKey: true }))).to.equal(null);
  });

  it('modifiers must be exact: plain text, Shift+letter, Ctrl+Shift+S and AltGr never match', () => {
    expect(matchAction(windows, press('s', 'KeyS'))).to.equal(null);
    expect(matchAction(windows, press('C', 'KeyC', { shiftKey: true }))).to.equal(null);
    expect(matchAction(windows, press('S', 'KeyS', { ctrlKey: true, shiftKey: true }))).to.equal(null);
    expect(matchAction(windows, press('C', 'KeyC', { altKey: true }))).to.equal(null);
    // AltGr is Ctrl+Alt on Windows: AltGr+Shift+C is not Alt+Shift+C.
    expect(matchAction(windows, press('C', 'KeyC', { ctrlKey: true, altKey: true, shiftKey: true }))).to.equal(null);
    expect(matchAction(windows, press('C', 'KeyC', { altKey: true, shiftKey: true }))).to.equal('close');
  });

  it('the printed letter counts, not the position: German QWERTZ Z and Y, French AZERTY A and Q', () => {
    const keymap = resolveKeymap({ ready: 'Alt+Shift+Z', notReady: 'Alt+Shift+Q' }, 'other').keymap;
    // QWERTZ: the key that reads Z sits where US has Y.
    expect(matchAction(keymap, press('Z', 'KeyY', { altKey: true, shiftKey: true }))).to.equal('ready');
    expect(matchAction(keymap, press('Y', 'KeyZ', { altKey: true, shiftKey: true }))).to.equal(null);
    // AZERTY: the key that reads Q sits where US has A.
    expect(matchAction(keymap, press('Q', 'KeyA', { altKey: true, shiftKey: true }))).to.equal('notReady');
  });

  it('on a Mac ⌥ changes the character: the layout map, else the physical key, names the letter', () => {
    // ⌥⇧F types Ï (US); on AZERTY the US-Q key reads A.
    expect(pressedKeys(press('Ï', 'KeyF', { altKey: true, shiftKey: true }))).to.deep.equal(['F']);
    expect(pressedKeys(press('Æ', 'KeyQ', { altKey: true, shiftKey: true }), new Map([['KeyQ', 'a']]))).to.deep.equal(['A']);
    expect(pressedKeys(press('Dead', 'KeyE', { altKey: true }))).to.deep.equal(['E']);
    expect(matchAction(mac, press('Ï', 'KeyF', { altKey: true, shiftKey: true }))).to.equal('search');
    // A Russian layout types Cyrillic: the key is the physical one.
    expect(matchAction(windows, press('А', 'KeyF', { altKey: true, shiftKey: true }))).to.equal('search');
  });

  it('? is the character typed, whatever Shift it took: US Shift+/, French Shift+, (on the US M key), German Shift+ß', () => {
    expect(matchAction(windows, press('?', 'Slash', { shiftKey: true }))).to.equal('help');
    expect(matchAction(windows, press('?', 'KeyM', { shiftKey: true }))).to.equal('help');
    expect(matchAction(windows, press('?', 'Minus', { shiftKey: true }))).to.equal('help');
    expect(matchAction(windows, press('/', 'Slash'))).to.equal(null);
    // AZERTY's comma on the US M key is not M.
    expect(pressedKeys(press(',', 'KeyM'))).to.deep.equal([',']);
    expect(matchAction(windows, press('?', 'Slash', { ctrlKey: true, shiftKey: true }))).to.equal(null);
  });

  it('digits by their key, also where the key types a sign without Shift (AZERTY & on 1)', () => {
    const keymap = resolveKeymap({ ready: 'Alt+Shift+1' }, 'other').keymap;
    expect(matchAction(keymap, press('!', 'Digit1', { altKey: true, shiftKey: true }))).to.equal('ready');
    expect(matchAction(keymap, press('1', 'Digit1', { altKey: true, shiftKey: true }))).to.equal('ready');
  });

  it('named keys: arrows and Enter', () => {
    expect(matchAction(windows, press('ArrowDown', 'ArrowDown', { altKey: true, shiftKey: true }))).to.equal('next');
    expect(matchAction(windows, press('ArrowUp', 'ArrowUp', { altKey: true, shiftKey: true }))).to.equal('previous');
    expect(matchAction(windows, press('Enter', 'Enter', { altKey: true, shiftKey: true }))).to.equal('accept');
    expect(pressedKeys(press('Shift', 'ShiftLeft', { shiftKey: true }))).to.deep.equal([]);
  });

  it('in a text field: Ctrl/⌘ shortcuts act, bare keys never, ⌥⇧ not on a Mac (it types Ï there)', () => {
    expect(actsWhileTyping(parseChord('Mod+S', 'mac')!, 'mac')).to.equal(true);
    expect(actsWhileTyping(parseChord('?', 'other')!, 'other')).to.equal(false);
    expect(actsWhileTyping(parseChord('Alt+Shift+C', 'other')!, 'other')).to.equal(true);
    expect(actsWhileTyping(parseChord('Alt+Shift+C', 'mac')!, 'mac')).to.equal(false);
    expect(actsWhileTyping(parseChord('F2', 'mac')!, 'mac')).to.equal(true);
  });
});

describe('keymap: showing keys', () => {
  it('macOS signs ⌃⌥⇧⌘ in that order, each spoken by name; elsewhere the names', () => {
    expect(keyCaps(parseChord('Mod+S', 'mac')!, 'mac', names)).to.deep.equal([
      { shown: '⌘', spoken: 'Command' },
      { shown: 'S', spoken: 'S' },
    ]);
    expect(keyCaps(parseChord('Shift+Alt+ArrowDown', 'mac')!, 'mac', names).map((c) => c.shown)).to.deep.equal(['⌥', '⇧', '↓']);
    expect(keyCaps(parseChord('Alt+Shift+ArrowDown', 'other')!, 'other', names)).to.deep.equal([
      { shown: 'Alt', spoken: 'Alt' },
      { shown: 'Shift', spoken: 'Shift' },
      { shown: '↓', spoken: 'Down arrow' },
    ]);
    expect(keyCaps(parseChord('Mod+S', 'other')!, 'other', { ...names, ctrl: 'Strg' }).map((c) => c.shown)).to.deep.equal(['Strg', 'S']);
  });

  it('the platform: Mac, iPad and iPhone use ⌘', () => {
    expect(platformOf({ platform: 'MacIntel' })).to.equal('mac');
    expect(platformOf({ userAgentData: { platform: 'macOS' }, platform: '' })).to.equal('mac');
    expect(platformOf({ platform: 'iPad' })).to.equal('mac');
    expect(platformOf({ platform: 'Win32' })).to.equal('other');
    expect(platformOf({ userAgentData: { platform: 'Linux' } })).to.equal('other');
    expect(platformOf(undefined)).to.equal('other');
  });
});
