// Watches a named pipe for readers in tests that must never open one.
import { closeSync, constants, openSync } from 'node:fs';

/**
 * Whenever a reader has opened the pipe (a non-blocking open for writing then succeeds), closes it again
 * so the reader sees end of file instead of hanging, and notes that it happened.
 */
export function watchFifo(fifo: string, everyMs = 20): { stop(): boolean } {
  let opened = false;
  const timer = setInterval(() => {
    try {
      closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
      opened = true;
    } catch {
      // ENXIO: nobody is reading.
    }
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return opened;
    },
  };
}
