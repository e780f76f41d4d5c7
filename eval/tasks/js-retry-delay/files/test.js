import assert from 'node:assert/strict';
import { computeDelay } from './backoff.js';
import { fetchWithRetry } from './client.js';

assert.equal(computeDelay(1), 200);
assert.equal(computeDelay(20), 10_000);

const noSleep = async () => {};
let calls = 0;
const flaky = async () => {
  calls += 1;
  if (calls < 3) throw new Error('boom');
  return 'ok';
};
assert.equal(await fetchWithRetry(flaky, { sleep: noSleep }), 'ok');
assert.equal(calls, 3);

await assert.rejects(
  fetchWithRetry(
    async () => {
      throw new Error('down');
    },
    { retries: 2, sleep: noSleep },
  ),
  /down/,
);

console.log('ok');
