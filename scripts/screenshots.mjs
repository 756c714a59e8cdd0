// `npm run screenshots [dir]`: the README / docs screenshots of the demo, taken again.
// Starts the demo's dev server (web-dev-server.config.mjs, on a free port), drives the
// demo's host panel and the gadget with real clicks and keys in Chromium (puppeteer-core)
// and writes the PNGs into docs/images/ (or `dir`). Math.random is seeded on the page,
// so the "known customer" and the offered tasks are the same on every run.
/* global window, document, requestAnimationFrame -- functions passed to page.evaluate / waitForFunction run in the page */
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDevServer } from '@web/dev-server';
import puppeteer from 'puppeteer-core';
import config from '../web-dev-server.config.mjs';
import { CHROME_FLAGS, chromePath } from './chromium.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = resolve(process.argv[2] ?? resolve(root, 'docs/images'));
const WIDE = { width: 1440, height: 900 };
const NARROW = { width: 420, height: 900 };
const TIMEOUT = 60_000;

/** A port nobody listens on now. */
function freePort() {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
  });
}

/** mulberry32: the page's Math.random, and here to choose seeds. */
function mulberry32(seed) {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Runs on the page before the demo: a seeded Math.random. The demo's router timer draws
 * from it too, at times that vary, so each host action below first sets the seed again
 * (`__ccSeed`): what the action picks (known or not, which customer, which channel) is
 * then the same on every run.
 */
function seedRandom(source) {
  const make = new Function(`return (${source})`)();
  let next = make(0x5eed);
  Math.random = () => next();
  window.__ccSeed = (seed) => {
    next = make(seed);
  };
}

/** The first `count` seeds whose draws satisfy `wanted` (the draws the demo makes for one action, in order). */
function seedsWhere(wanted, count = 1) {
  const seeds = [];
  for (let seed = 1; seeds.length < count; seed++) {
    const random = mulberry32(seed);
    if (wanted(Array.from({ length: 4 }, random))) seeds.push(seed);
  }
  return seeds;
}
// Known customer → Call: contact(): which customer (any).
const [CALL_SEED] = seedsWhere(() => true);
// Offer a call: known (< 0.85), then which customer.
const [OFFER_CALL_SEED] = seedsWhere(([known]) => known < 0.85);
// Offer an automatic task: chat or email (>= 0.45: a call offered during a call has no countdown), known (< 0.85).
// Candidates in order: the first whose customer has an open request (so "Goes into" is a choice) is shown.
const AUTO_TASK_SEEDS = seedsWhere(([channel, known]) => channel >= 0.45 && known < 0.85, 12);

/** Page helpers (installed before the demo runs): deep queries and "everything rendered". */
function installHelpers() {
  const roots = (node) => {
    const out = [node];
    for (const el of node.querySelectorAll('*')) if (el.shadowRoot) out.push(...roots(el.shadowRoot));
    return out;
  };
  window.__cc = {
    roots,
    /** Waits for updateComplete of every Lit element on the page, in every shadow root, until nothing is pending. */
    async settle() {
      for (let round = 0; round < 5; round++) {
        const pending = roots(document).flatMap((r) => [...r.querySelectorAll('*')]).filter((el) => el.updateComplete && el.isUpdatePending);
        if (round > 0 && pending.length === 0) return;
        await Promise.all(roots(document).flatMap((r) => [...r.querySelectorAll('*')]).filter((el) => el.updateComplete).map((el) => el.updateComplete));
        await new Promise((done) => requestAnimationFrame(() => done()));
      }
    },
    /** The text of the gadget's whole screen (every shadow root). */
    gadgetText() {
      const el = document.querySelector('customer-context');
      return el?.shadowRoot ? roots(el.shadowRoot).map((r) => r.textContent).join(' ') : '';
    },
  };
}

async function settle(page) {
  await page.evaluate(() => window.__cc.settle());
}

/**
 * The demo in a browser context of its own (empty IndexedDB and storage: the sample data
 * is seeded afresh, nothing is left from another shot), once the gadget is ready.
 */
async function openDemo(browser, agent, viewport, query = '') {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  await page.setViewport(viewport);
  await page.evaluateOnNewDocument(seedRandom, mulberry32.toString());
  await page.evaluateOnNewDocument(installHelpers);
  await page.goto(`${base}/demo/?agent=${agent}&locale=en${query}`);
  await page.waitForFunction(() => document.querySelector('.log')?.textContent?.includes('host.context ok'), { timeout: 180_000 });
  await page.evaluate(() => document.querySelector('customer-context').ready);
  await settle(page);
  return page;
}

/** Picks an option of one of the host's selects with the keyboard (focus, then the option's first letters or arrows). */
async function chooseWithKeys(page, label, keys) {
  const select = await page.waitForSelector(`::-p-xpath(//label[contains(@class,"field")][contains(normalize-space(.),"${label}")]//select)`);
  await select.focus();
  for (const key of keys) await page.keyboard.press(key);
  await page.keyboard.press('Tab');
}

/** Chooses a locale in the Locale select and waits until the sample data and the gadget speak it. */
async function chooseLocale(page, key, locale, word) {
  await chooseWithKeys(page, 'Locale', [key]);
  await page.waitForFunction((l) => localStorage.getItem('cc-demo-data-locale') === l && !document.querySelector('.host')?.textContent?.includes('sample data…'), {}, locale);
  await page.waitForFunction((w) => window.__cc.gadgetText().includes(w), {}, word);
  await settle(page);
}

async function clickHostButton(page, text, seed) {
  if (seed !== undefined) await page.evaluate((n) => window.__ccSeed(n), seed);
  const button = await page.waitForSelector(`::-p-xpath(//aside[contains(@class,"host")]//button[normalize-space(.)="${text}"])`);
  await button.click();
  await settle(page);
}

/** Known customer → Call, and the gadget has the customer open with a request. */
async function answerKnownCall(page) {
  await page.evaluate((n) => window.__ccSeed(n), CALL_SEED);
  await page.waitForSelector('::-p-xpath(//fieldset[legend="Known customer"]//button[contains(.,"Call")])').then((b) => b.click());
  await page.waitForFunction(() => {
    const open = document.querySelector('customer-context').agentSession?.state.open ?? [];
    return open.length > 0 && open.every((w) => w.customer && w.request);
  });
  await settle(page);
  await page.waitForSelector('customer-context >>> request-editor >>> [part=title-input]', { visible: true });
}

/** Types a request title and a tag (Enter), so the "Unsaved" marks and the count show. */
async function typeTitleAndTag(page, title, tag) {
  const titleInput = await page.waitForSelector('customer-context >>> request-editor >>> [part=title-input]', { visible: true });
  await titleInput.click({ count: 3 });
  await page.keyboard.type(title);
  const tagInput = await page.waitForSelector('customer-context >>> tag-input >>> [part=input]', { visible: true });
  await tagInput.click();
  await page.keyboard.type(tag);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');
  await settle(page);
  await page.waitForSelector('customer-context >>> [part~=unsaved-count]', { visible: true });
  await page.waitForSelector('customer-context >>> request-editor >>> .unsaved-mark', { visible: true });
  // Out of the fields, so no caret or focus ring sits in the picture.
  await page.evaluate(() => window.__cc.roots(document).forEach((r) => r.activeElement?.blur?.()));
  await settle(page);
}

async function shoot(page, name, clip) {
  const path = resolve(outDir, name);
  await settle(page);
  await page.screenshot({ path, ...(clip ? { clip } : {}) });
  console.log(`wrote ${path}`);
}

const shots = {
  async 'after-demo-en-light.png'(browser) {
    const page = await openDemo(browser, 'shot-a', WIDE);
    await answerKnownCall(page);
    await typeTitleAndTag(page, 'Router keeps rebooting', 'Outage');
    await shoot(page, 'after-demo-en-light.png');
    await page.browserContext().close();
  },

  async 'after-demo-de-dark.png'(browser) {
    const page = await openDemo(browser, 'shot-b', WIDE);
    await chooseLocale(page, 'D', 'de', 'Offen');
    await page.waitForSelector('::-p-xpath(//label[contains(@class,"check")][contains(.,"Dark theme")])').then((l) => l.click());
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    await answerKnownCall(page);
    await typeTitleAndTag(page, 'Router startet ständig neu', 'Störung');
    await shoot(page, 'after-demo-de-dark.png');
    await page.browserContext().close();
  },

  async 'after-demo-fr-care.png'(browser) {
    // A long countdown, so a loaded machine cannot let the offer run out before the picture.
    const page = await openDemo(browser, 'shot-c', WIDE, '&timeout=90000');
    await chooseLocale(page, 'F', 'fr', 'Ouverts');
    await chooseWithKeys(page, 'Desktop', ['ArrowDown']);
    await page.waitForSelector('customer-context >>> task-queue >>> [part=ready-button]', { visible: true });
    // The router stays quiet: the offers in the picture are the ones made here.
    await page.waitForSelector('::-p-xpath(//label[contains(@class,"check")][contains(.,"Offer tasks while Ready")])').then((l) => l.click());
    await page.waitForSelector('customer-context >>> task-queue >>> [part=ready-button]').then((b) => b.click());
    await page.waitForFunction(() => document.querySelector('customer-context').agentSession?.state.agentState === 'ready');
    // A live call, in progress.
    await clickHostButton(page, 'Offer a call', OFFER_CALL_SEED);
    await page.waitForSelector('customer-context >>> task-queue >>> button[data-task]').then((b) => b.click());
    await page.waitForSelector('customer-context >>> task-queue >>> [part=accept-button]', { visible: true }).then((b) => b.click());
    await page.waitForFunction(() => {
      const s = document.querySelector('customer-context').agentSession?.state;
      return s?.tasks.some((t) => t.status === 'in-progress') && s.open.some((w) => w.customer && w.request);
    });
    await settle(page);
    // A task the router assigns (with its countdown), previewed beside the call.
    const offeredId = () => page.waitForFunction(() => document.querySelector('customer-context').agentSession?.state.tasks.find((t) => t.status === 'offered')?.interactionId).then((h) => h.jsonValue());
    let choice = false;
    for (const seed of AUTO_TASK_SEEDS) {
      await clickHostButton(page, 'Offer an automatic task', seed);
      const id = await offeredId();
      await page.waitForSelector(`customer-context >>> task-queue >>> button[data-task="${id}"]`, { visible: true }).then((b) => b.click());
      const goesInto = await page.waitForSelector('customer-context >>> task-queue >>> [part=goes-into]', { visible: true });
      choice = await goesInto.evaluate((el) => el.localName === 'fieldset');
      if (choice) break;
      // A customer with no open request ("Goes into a new request."): the host withdraws the offer, and offers another.
      await clickHostButton(page, 'Withdraw the oldest offer');
      await page.waitForFunction((gone) => !document.querySelector('customer-context').agentSession.state.tasks.some((t) => t.interactionId === gone), {}, id);
      await settle(page);
    }
    if (!choice) throw new Error('no offered customer with an open request: "Goes into" shows no choice');
    await page.waitForSelector('customer-context >>> task-queue >>> [part=countdown]', { visible: true });
    await page.waitForSelector('customer-context >>> task-queue >>> [part=accept-button]', { visible: true });
    await shoot(page, 'after-demo-fr-care.png');
    await page.browserContext().close();
  },

  async 'after-gadget-de-420.png'(browser) {
    const page = await openDemo(browser, 'shot-d', WIDE);
    await chooseLocale(page, 'D', 'de', 'Offen');
    await answerKnownCall(page);
    await typeTitleAndTag(page, 'Router startet ständig neu', 'Störung');
    // The gadget column at 420 px: the page as narrow as that, the picture the gadget alone.
    await page.setViewport(NARROW);
    await settle(page);
    await page.$('.gadget-frame').then((frame) => frame.evaluate((el) => el.scrollIntoView({ block: 'start' })));
    await shoot(page, 'after-gadget-de-420.png');
    await page.browserContext().close();
  },

  async 'shortcuts-help.png'(browser) {
    const page = await openDemo(browser, 'shot-e', WIDE);
    await answerKnownCall(page);
    // Focus in the gadget, not in a text field (the Open list's entry), then `?`.
    await page.waitForSelector('customer-context >>> cc-customer-pane >>> button.item[aria-current=true]', { visible: true }).then((b) => b.focus());
    await page.keyboard.type('?');
    await page.waitForSelector('customer-context >>> cc-shortcut-help >>> dialog[open]', { visible: true });
    await shoot(page, 'shortcuts-help.png');
    await page.browserContext().close();
  },

  async 'tag-suggestions.png'(browser) {
    const page = await openDemo(browser, 'shot-f', WIDE);
    await answerKnownCall(page);
    const tagInput = await page.waitForSelector('customer-context >>> tag-input >>> [part=input]', { visible: true });
    await tagInput.click();
    await page.keyboard.type('Re');
    await page.waitForSelector('customer-context >>> tag-input >>> [part=suggestions] [role=option]', { visible: true });
    await settle(page);
    // The tag field (its label, the input, the list and the counter), nothing of the fields around it.
    const field = await page.$('customer-context >>> tag-input').then((el) => el.boundingBox());
    const list = await page.$('customer-context >>> tag-input >>> [part=suggestions]').then((el) => el.boundingBox());
    const top = Math.max(0, field.y - 4);
    const bottom = Math.min(WIDE.height, Math.max(field.y + field.height, list.y + list.height) + 4);
    await shoot(page, 'tag-suggestions.png', { x: Math.max(0, field.x - 12), y: top, width: Math.min(field.width + 24, WIDE.width), height: bottom - top });
    await page.browserContext().close();
  },
};

await mkdir(outDir, { recursive: true });
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const server = await startDevServer({ config: { ...config, port, hostname: '127.0.0.1' }, readCliArgs: false, readFileConfig: false, logStartMessage: false });
const browser = await puppeteer.launch({ executablePath: chromePath(), headless: true, args: CHROME_FLAGS });
const only = process.env.SHOTS ? process.env.SHOTS.split(',') : Object.keys(shots);
let failed = 0;
try {
  for (const name of only) {
    try {
      await shots[name](browser);
    } catch (error) {
      failed += 1;
      console.error(`${name}: ${error.stack ?? error}`);
      // What the page showed when it went wrong, to see why.
      for (const context of browser.browserContexts()) for (const page of await context.pages()) await page.screenshot({ path: resolve(tmpdir(), `failed-${name}`) }).catch(() => {});
      console.error(`the page as it was: ${resolve(tmpdir(), `failed-${name}`)}`);
    }
  }
} finally {
  await browser.close();
  await server.stop();
}
process.exitCode = failed ? 1 : 0;
