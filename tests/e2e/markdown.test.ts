// The assistant's markdown in the window: the scripted model answers with headings, a list, a table,
// code and links, and with hostile content (script, img onerror, iframe, javascript: and data: links).
// The markdown renders, nothing hostile runs or exists in the DOM, links never navigate the window and
// open only after a confirmation through the backend's shell.openExternal, the copy button copies, and
// the stop banner does not repeat the answer. A second flow streams a message and watches it re-render.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../src/shared/agent-events.js';
import { chromiumSkipReason } from './helpers/browser.js';
import {
  ask,
  expectNoPageErrors,
  openFolderInApp,
  startFlowSession,
  testId,
  waitForStop,
  type FlowSession,
} from './helpers/session.js';

const DOCS_URL = 'https://example.com/docs?q=1';
const CODE = 'const answer = 42;\nconsole.log(answer);';

const skipReason = chromiumSkipReason();
if (skipReason) console.log(`[e2e] markdown flows skipped: ${skipReason}`);

describe.skipIf(skipReason !== null)('markdown in the chat (scripted model)', () => {
  let s: FlowSession;
  beforeAll(async () => {
    s = await startFlowSession({ backend: { runDefaults: { verify: false } } });
    await s.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: new URL(s.bridge.url).origin,
    });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('renders the markdown, runs nothing hostile, and opens links only after asking', async () => {
    const app = await s.open();
    const { page } = app;
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await openFolderInApp(s, page, await s.newProject());
    s.useScript('e2e-markdown.json');
    await ask(page, 'Show me some markdown.');
    await waitForStop(page, 'done');
    const pageUrl = page.url();
    const pages = s.browser.context.pages().length;

    const message = page.locator(testId('assistant-message')).last();
    await message.locator('h1').waitFor();
    expect(await message.locator('h1').textContent()).toBe('Markdown check');
    expect(await message.locator('ul > li').allTextContents()).toEqual(['first item', 'second item']);
    expect(await message.locator('table td').allTextContents()).toEqual(['alpha', '1', 'beta', '2']);
    expect(await message.locator('p > code').first().textContent()).toBe('inline code');
    expect(await message.locator('strong').first().textContent()).toBe('bold');
    const block = message.locator(testId('code-block'));
    expect(await block.getAttribute('data-lang')).toBe('js');
    expect(await block.locator('pre code').textContent()).toBe(CODE);
    // Coloured by the lazily loaded highlighter: keywords as spans.
    await block.locator('.hljs-keyword').first().waitFor();

    // Hostile HTML is text, not elements; no element carries an event handler attribute.
    const text = (await message.textContent()) ?? '';
    expect(text).toContain('<script>window.__pwned=1</script>');
    expect(text).toContain('<img src=x onerror="window.__pwned=1">');
    const chat = page.locator(testId('messages'));
    expect(
      await chat.locator('script, iframe, img, object, embed, form, input:not([type=checkbox])').count(),
    ).toBe(0);
    const handlers = await chat.evaluate(
      (root) =>
        Array.from(root.querySelectorAll('*')).flatMap((e) =>
          Array.from(e.attributes).filter(
            (a) => /^on/i.test(a.name) || /^\s*(javascript|data):/i.test(a.value),
          ),
        ).length,
    );
    expect(handlers).toBe(0);
    // The image is its alt text, never fetched.
    expect(await message.locator(testId('md-image')).textContent()).toBe('[image: a diagram]');
    expect(requests.filter((url) => !url.startsWith(new URL(s.bridge.url).origin))).toEqual([]);

    // The javascript:, autolinked javascript: and data: links are inert text; clicking them does nothing.
    const blocked = message.locator(testId('md-link-blocked'));
    expect(await blocked.allTextContents()).toEqual(['click', 'javascript:window.__pwned=1', 'data link']);
    for (const link of await blocked.all()) await link.click();
    expect(await page.locator(testId('link-confirm')).count()).toBe(0);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();

    await app.screenshot('markdown-answer');
    await page.screenshot({ path: '/tmp/h2-markdown.png', fullPage: true });

    // An https link asks first, naming the whole address; Cancel opens nothing.
    const docs = message.locator(testId('md-link'), { hasText: 'the docs' });
    await docs.click();
    const dialog = page.locator(testId('link-confirm'));
    await dialog.waitFor();
    expect(await dialog.locator(testId('link-confirm-url')).textContent()).toBe(DOCS_URL);
    expect(await dialog.locator(testId('link-confirm-host')).textContent()).toBe('example.com');
    await page.screenshot({ path: '/tmp/h2-link-confirm.png' });
    await dialog.locator(testId('link-confirm-cancel')).click();
    await dialog.waitFor({ state: 'detached' });
    expect(s.e2e.shell.opened).toEqual([]);

    // Escape cancels too; the keyboard opens it again; Open hands the address to the backend.
    await docs.focus();
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await docs.click();
    await dialog.locator(testId('link-confirm-open')).click();
    await dialog.waitFor({ state: 'detached' });
    expect(s.e2e.shell.opened).toEqual([DOCS_URL]);

    // Every other link and the image link ask the same way, and the window never navigated.
    for (const link of await message.locator(testId('md-link')).all()) {
      await link.click();
      await dialog.waitFor();
      await dialog.locator(testId('link-confirm-cancel')).click();
      await dialog.waitFor({ state: 'detached' });
    }
    expect(
      await message
        .locator(testId('md-link'))
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-url'))),
    ).toEqual(['https://example.org/plain', DOCS_URL, 'https://example.com/diagram.png']);
    expect(s.e2e.shell.opened).toEqual([DOCS_URL]);
    expect(page.url()).toBe(pageUrl);
    expect(s.browser.context.pages().length).toBe(pages);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();

    // Copy puts the code on the clipboard and says so.
    const copy = block.locator(testId('copy-code'));
    await copy.click();
    await page.locator(testId('copy-code'), { hasText: 'Copied' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(CODE);

    // The banner names the stop, without the answer (it is in the chat above).
    const banner = page.locator(testId('stop-banner'));
    const bannerText = (await banner.textContent()) ?? '';
    expect(bannerText).toMatch(/^Done/);
    for (const piece of ['Markdown check', 'first item', 'console.log', 'Last line of the answer']) {
      expect(bannerText).not.toContain(piece);
    }
    expect(await banner.locator(testId('stop-message')).count()).toBe(0);
    expectNoPageErrors(app);
    await page.close();
  });

  it('re-renders a streaming message as its tokens arrive', async () => {
    const app = await s.open();
    const { page } = app;
    const folder = await s.newProject();
    await openFolderInApp(s, page, folder);
    const sessionId = 'markdown-stream';
    const agent = (event: AgentEvent) => s.e2e.emit({ type: 'agent', event });
    s.e2e.emit({ type: 'run_state', running: true, sessionId });
    agent({
      type: 'session_start',
      sessionId,
      folder,
      model: 'scripted',
      task: 'stream',
      time: new Date().toISOString(),
    });
    agent({ type: 'turn_start', step: 1 });
    const message = page.locator(testId('assistant-message', { 'data-streaming': 'true' }));
    const send = (...pieces: string[]) => {
      for (const text of pieces) agent({ type: 'text_delta', step: 1, text });
    };

    send('## Plan', '\n\n', '1. read', '\n');
    await message.locator('h2').filter({ hasText: 'Plan' }).waitFor();
    await message.locator('ol > li').filter({ hasText: 'read' }).waitFor();
    // An open fence is a code block already, growing with the stream.
    send('\n```ts\n', 'let x', ' = 1;');
    const block = message.locator(testId('code-block', { 'data-lang': 'ts' }));
    await block.locator('code').filter({ hasText: 'let x = 1;' }).waitFor();
    send('\nlet y = 2;', '\n```\n', '\nDone with **that**.');
    await message.locator('strong').filter({ hasText: 'that' }).waitFor();
    expect(await block.locator('pre code').textContent()).toBe('let x = 1;\nlet y = 2;');
    await page.screenshot({ path: '/tmp/h2-streaming.png' });

    const text = '## Plan\n\n1. read\n\n```ts\nlet x = 1;\nlet y = 2;\n```\n\nDone with **that**.';
    agent({ type: 'assistant_message', step: 1, text });
    agent({ type: 'stop', reason: 'done', message: text, steps: 1 });
    s.e2e.emit({ type: 'run_state', running: false, sessionId });
    const done = page.locator(testId('assistant-message', { 'data-streaming': 'false' })).last();
    await done.locator('strong').filter({ hasText: 'that' }).waitFor();
    expect(await done.locator(testId('code-block')).count()).toBe(1);
    expect(await page.locator(testId('stop-banner')).textContent()).not.toContain('Done with');
    expectNoPageErrors(app);
    await page.close();
  });
});
