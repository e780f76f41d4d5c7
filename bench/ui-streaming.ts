// Streaming into the chat: 200 tokens/s of text_delta events for 10 s, pushed through the bridge's event
// stream as if a run were going on (in a folder opened through the real backend); counts long tasks (> 50 ms) on the page's main thread and dropped
// animation frames while it streams, and how long the last token took to show.
//   npx electron-vite build && npx tsx bench/ui-streaming.ts   (UI_BENCH_TPS=400 UI_BENCH_SECONDS=20)
import { cp } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { AgentEvent } from '../src/shared/agent-events.js';
import { repoRoot } from '../tests/e2e/helpers/browser.js';
import {
  describePageErrors,
  describeFrames,
  ms,
  startPerf,
  startUiHarness,
  stopPerf,
  summariseLongTasks,
  waitForExpression,
} from './ui-harness.js';

const TOKENS_PER_SECOND = Number(process.env.UI_BENCH_TPS ?? 200);
const SECONDS = Number(process.env.UI_BENCH_SECONDS ?? 10);
const END = 'END-OF-STREAM';
const WORDS = ['the', 'function', 'returns', 'a', 'value', 'when', 'called', 'with', 'an', 'argument', 'and'];

/** Token i of a markdown-ish answer: words, a line break every 40 tokens, a code fence every 400. */
function token(i: number): string {
  if (i % 400 === 0) return '\n```ts\n';
  if (i % 400 === 200) return '\n```\n';
  if (i % 40 === 39) return '\n';
  return `${WORDS[i % WORDS.length]} `;
}

const harness = await startUiHarness();
try {
  const app = await harness.open('/');
  await waitForExpression(app.page, `document.querySelector('[data-testid="open-folder"]')`, 30_000);
  // The chat shows once a folder is open: a copy of the sample project, opened through the real backend.
  const folder = path.join(harness.home, 'project');
  await cp(path.join(repoRoot, 'tests/fixtures/sample-project'), folder, { recursive: true });
  harness.e2e.shell.folders.push(folder);
  await app.page.evaluate(`document.querySelector('[data-testid="open-folder"]').click()`);
  await waitForExpression(app.page, `document.querySelector('[data-testid="chat"]')`, 30_000);
  const agent = (event: AgentEvent) => harness.e2e.emit({ type: 'agent', event });
  const sessionId = 'bench-stream';
  harness.e2e.emit({ type: 'run_state', running: true, sessionId });
  agent({
    type: 'session_start',
    sessionId,
    folder,
    model: 'bench',
    task: 'stream',
    time: new Date().toISOString(),
  });
  agent({ type: 'user_message', step: 1, text: 'stream', steering: false });
  agent({ type: 'turn_start', step: 1 });

  await startPerf(app.page);
  const total = TOKENS_PER_SECOND * SECONDS;
  let sent = 0;
  let text = '';
  const started = performance.now();
  // Paced by elapsed time: a late timer sends the backlog, so the rate holds on average.
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * TOKENS_PER_SECOND));
      for (; sent < due; sent++) {
        const t = sent === total - 1 ? END : token(sent);
        text += t;
        agent({ type: 'text_delta', step: 1, text: t });
      }
      if (sent >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 5);
  });
  const streamedMs = performance.now() - started;
  const lastSent = performance.now();
  let shownAfter: number | null = null;
  try {
    await waitForExpression(
      app.page,
      `[...document.querySelectorAll('[data-testid="assistant-message"]')].some((e) => e.textContent.includes(${JSON.stringify(END)}))`,
      10_000,
    );
    shownAfter = performance.now() - lastSent;
  } catch {
    console.log('note: no [data-testid="assistant-message"] showed the last token (chat UI not there yet?)');
  }
  const perf = await stopPerf(app.page);
  agent({ type: 'assistant_message', step: 1, text });
  agent({ type: 'stop', reason: 'done', message: 'bench', steps: 1 });
  harness.e2e.emit({ type: 'run_state', running: false, sessionId });

  const seconds = streamedMs / 1000;
  console.log(
    `real backend, events injected; streamed ${total} deltas in ${seconds.toFixed(1)} s (${(total / seconds).toFixed(0)} tokens/s)`,
  );
  console.log(
    `main thread: ${summariseLongTasks(perf.longTasks)}, ${perf.longTasks.length} long tasks in all`,
  );
  console.log(`frames: ${describeFrames(perf)}`);
  console.log(`last token shown ${ms(shownAfter)} after it was sent (includes one Playwright round trip)`);
  if (app.pageErrors.length) console.log(describePageErrors(app.pageErrors));
} finally {
  await harness.close();
}
