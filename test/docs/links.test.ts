import { expect } from '@open-wc/testing';

// The README is a front page and docs/ holds the rest (issue 14, item 7). This keeps it so:
// the README stays short, the pages a reader looks for by name exist and are linked from it,
// and no link, anchor or cited repository path in README.md and docs/*.md points at nothing.
// The test runner serves the repository root, so every file is one fetch away.

const README = 'README.md';
const MAX_README_LINES = 250;

/** The pages the README promises; each must exist and be linked from the README. */
const PAGES = [
  'docs/SPEC.md',
  'docs/host-contract.md',
  'docs/embedding-finesse.md',
  'docs/couchdb.md',
  'docs/performance.md',
  'docs/security.md',
  'docs/architecture.md',
  'docs/elements.md',
  'docs/agent-guide.md',
  'docs/data-model.md',
  'docs/development.md',
  'docs/demo.md',
  'docs/api.md',
];

/** Top folders whose files the docs cite by path (`src/store/outbox.ts`): such a path must exist. */
const CITED_ROOTS = /^(?:src|test|scripts|bench|demo|docs|xliff)\/[\w./-]*[\w-]$/;

const cache = new Map<string, Promise<Response>>();
function get(path: string): Promise<Response> {
  if (!cache.has(path)) cache.set(path, fetch(`/${path}`, { cache: 'no-store' }));
  return cache.get(path)!;
}

/** Whether the server has the file: a file it cannot transform (a TypeScript file mid-edit) still exists. */
async function exists(path: string): Promise<boolean> {
  return (await get(path)).status !== 404;
}

async function read(path: string): Promise<string | undefined> {
  const response = await get(path);
  return response.ok ? response.clone().text() : undefined;
}

/** The text outside fenced code blocks (links and paths in examples are not checked). */
function prose(markdown: string): string {
  return markdown.replace(/^[ \t]*(```|~~~)[^\n]*\n[\s\S]*?^[ \t]*\1[ \t]*$/gm, '');
}

/** GitHub's heading anchors: lower case, punctuation dropped, each space a hyphen, repeats numbered. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const found = new Set<string>();
  for (const [, heading] of prose(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = heading!
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    found.add(n === 0 ? base : `${base}-${n}`);
  }
  for (const [, id] of markdown.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) found.add(id!);
  return found;
}

/** Relative link targets outside code: `[text](target)`, `![alt](target)`, `href="…"`, `src="…"`. */
function links(markdown: string): string[] {
  const text = prose(markdown).replace(/`[^`\n]*`/g, '');
  const targets = [
    ...[...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!),
    ...[...text.matchAll(/\s(?:href|src)="([^"]+)"/g)].map((m) => m[1]!),
  ];
  return targets.filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t) && !t.startsWith('//'));
}

/** Repository paths cited in backticks outside code blocks (`test/store/contract.ts`); patterns and placeholders are not paths. */
function citedPaths(markdown: string): string[] {
  return [...prose(markdown).matchAll(/`([^`\n]+)`/g)]
    .map((m) => m[1]!.trim())
    .filter((p) => CITED_ROOTS.test(p) && !p.split('/').some((part) => part.startsWith('.')));
}

/** `docs/x.md` + `../README.md#a` → `README.md`, `a`. */
function resolve(from: string, target: string): { path: string; anchor: string | undefined } {
  const [file, anchor] = target.split('#', 2) as [string, string | undefined];
  const url = new URL(file || from.split('/').pop()!, `http://repo/${from}`);
  return { path: decodeURIComponent(url.pathname.slice(1)), anchor: anchor === undefined ? undefined : decodeURIComponent(anchor) };
}

interface Problem {
  page: string;
  target: string;
  problem: string;
}

/** Every page reachable from the README and PAGES by relative .md links, with the problems found in each. */
async function crawl(): Promise<{ pages: Map<string, string>; problems: Problem[] }> {
  const pages = new Map<string, string>();
  const problems: Problem[] = [];
  const queue = [README, ...PAGES];
  while (queue.length) {
    const page = queue.shift()!;
    if (pages.has(page)) continue;
    const text = await read(page);
    if (text === undefined) {
      problems.push({ page, target: page, problem: 'page not found' });
      continue;
    }
    pages.set(page, text);
    for (const target of links(text)) {
      const { path, anchor } = resolve(page, target);
      if (!(await exists(path))) {
        problems.push({ page, target, problem: `no file ${path}` });
        continue;
      }
      if (!path.endsWith('.md')) continue;
      queue.push(path);
      if (anchor !== undefined) {
        const linked = await read(path);
        if (linked !== undefined && !anchors(linked).has(anchor)) problems.push({ page, target, problem: `no heading #${anchor} in ${path}` });
      }
    }
    for (const path of citedPaths(text)) {
      if (!(await exists(path))) problems.push({ page, target: path, problem: 'cited path does not exist' });
    }
  }
  return { pages, problems };
}

describe('README and docs/ (issue 14: the README is a front page, the rest is in docs/)', function () {
  this.timeout(60000);
  let result: Awaited<ReturnType<typeof crawl>>;

  before(async () => {
    result = await crawl();
  });

  it(`README.md is a front page: at most ${MAX_README_LINES} lines`, () => {
    const readme = result.pages.get(README);
    expect(readme, 'README.md').to.be.a('string');
    const lines = readme!.replace(/\n$/, '').split('\n').length;
    expect(lines, 'lines in README.md').to.be.at.most(MAX_README_LINES);
  });

  it('the README links every docs page a reader looks for by name', () => {
    const linked = new Set(links(result.pages.get(README) ?? '').map((t) => resolve(README, t).path));
    expect(PAGES.filter((p) => !linked.has(p)), 'pages the README does not link').to.deep.equal([]);
  });

  it('every relative link, anchor and cited path in README.md and docs/*.md exists', () => {
    expect(result.problems).to.deep.equal([]);
    expect(result.pages.size, 'pages read').to.be.at.least(PAGES.length + 1);
  });

  it('the anchors work the way GitHub makes them (a control)', () => {
    const made = anchors('# Shared backend: CouchDB\n## Tests and `COUCHDB_URL`\n## `<task-queue>`\n## The shared backend\'s state\n## In Cisco Finesse (gadget.xml)\n## Notes\n## Notes\n```\n# not a heading\n```');
    expect([...made]).to.deep.equal(['shared-backend-couchdb', 'tests-and-couchdb_url', 'task-queue', 'the-shared-backends-state', 'in-cisco-finesse-gadgetxml', 'notes', 'notes-1']);
    expect(links('[a](docs/x.md#y) ![b](images/c.png) [c](https://example.com) `[d](no.md)`\n```\n[e](no.md)\n```')).to.deep.equal(['docs/x.md#y', 'images/c.png']);
    expect(citedPaths('`src/store/outbox.ts`, `test/**/*.test.ts`, `xliff/<locale>.xlf`, `bench/.out/results.json`, `src/session/`')).to.deep.equal(['src/store/outbox.ts']);
  });
});
