// Exponential backoff between retries.
const DEFAULTS = { baseMs: 100, factor: 2, maxMs: 10_000 };

// `failures` is how many attempts have failed so far (1 after the first failure).
export function computeDelay(failures, options = {}) {
  const { baseMs, factor, maxMs } = { ...DEFAULTS, ...options };
  const delay = baseMs * factor ** failures;
  return Math.min(delay, maxMs);
}
