import { computeDelay } from './backoff.js';

const RETRY = { baseMs: 300, maxMs: 2000 };

const defaultSleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Calls doRequest until it succeeds, waiting between attempts; gives up after `retries` retries.
export async function fetchWithRetry(doRequest, { retries = 4, sleep = defaultSleep } = {}) {
  let failures = 0;
  for (;;) {
    try {
      return await doRequest();
    } catch (err) {
      failures += 1;
      if (failures > retries) throw err;
      await sleep(computeDelay(failures, RETRY));
    }
  }
}
