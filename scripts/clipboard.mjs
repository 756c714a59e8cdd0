// `executeServerCommand('allow-clipboard')`: lets the test page write the system
// clipboard (navigator.clipboard.writeText), so a test can paste for real: the
// text goes on the clipboard, then `sendKeys({ press: 'Control+V' })`
// (test/components/request-editor/paste-limit.test.ts). Puppeteer (the Chrome launcher) only.
export function clipboardPlugin() {
  return {
    name: 'allow-clipboard',
    async executeCommand({ command, session }) {
      if (command !== 'allow-clipboard') return undefined;
      if (session.browser.type !== 'puppeteer') throw new Error('allow-clipboard needs the Chrome (puppeteer) launcher');
      const page = session.browser.getPage(session.id);
      await page.browserContext().overridePermissions(new URL(page.url()).origin, ['clipboard-read', 'clipboard-write', 'clipboard-sanitized-write']);
      return true;
    },
  };
}
