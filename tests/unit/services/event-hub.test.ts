import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DesktopEvent } from '../../../src/shared/ipc.js';
import { EventHub, Throttle } from '../../../src/main/services/event-hub.js';

describe('EventHub', () => {
  it('delivers in order to every listener; a throwing listener does not stop the others', () => {
    const hub = new EventHub();
    const got: string[] = [];
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    hub.subscribe(() => {
      throw new Error('bug in a listener');
    });
    const off = hub.subscribe((e) => got.push(e.type));
    const event: DesktopEvent = { type: 'watch_status', status: 'ready' };
    hub.emit(event);
    hub.emit({ type: 'run_state', running: false, sessionId: null });
    off();
    hub.emit(event);
    expect(got).toEqual(['watch_status', 'run_state']);
    expect(error).toHaveBeenCalledTimes(3);
    error.mockRestore();
  });
});

describe('Throttle', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('passes one update per interval per key, then the newest waiting one', () => {
    const sent: string[] = [];
    const throttle = new Throttle<string>(100, (v) => sent.push(v));
    for (let i = 0; i < 50; i++) throttle.push('a', `a${i}`);
    throttle.push('b', 'b0');
    expect(sent).toEqual(['a0', 'b0']);
    vi.advanceTimersByTime(100);
    expect(sent).toEqual(['a0', 'b0', 'a49']);
    vi.advanceTimersByTime(1000);
    expect(sent).toHaveLength(3);
  });

  it('always sends a final update at once and drops what was waiting', () => {
    const sent: string[] = [];
    const throttle = new Throttle<string>(100, (v) => sent.push(v));
    throttle.push('a', 'p1');
    throttle.push('a', 'p2');
    throttle.push('a', 'done', true);
    vi.advanceTimersByTime(500);
    expect(sent).toEqual(['p1', 'done']);
  });

  it('clear drops waiting updates', () => {
    const sent: string[] = [];
    const throttle = new Throttle<string>(100, (v) => sent.push(v));
    throttle.push('a', 'p1');
    throttle.push('a', 'p2');
    throttle.clear();
    vi.advanceTimersByTime(500);
    expect(sent).toEqual(['p1']);
  });
});
