// The backend's one event stream: listeners get every event in order. A listener that throws is a bug in
// that listener; it must not stop the others or the service that emitted.
import type { DesktopEvent } from '../../shared/ipc.js';

export type Emit = (event: DesktopEvent) => void;

export class EventHub {
  private readonly listeners = new Set<(event: DesktopEvent) => void>();

  subscribe(listener: (event: DesktopEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  readonly emit: Emit = (event) => {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        console.error('desktop event listener failed:', error);
      }
    }
  };

  clear(): void {
    this.listeners.clear();
  }
}

/**
 * Passes at most one update per `intervalMs` for each key; `final` updates always pass (and drop any
 * update still waiting). The newest waiting update is the one sent when the interval ends.
 */
export class Throttle<T> {
  private readonly last = new Map<string, number>();
  private readonly waiting = new Map<string, { value: T; timer: NodeJS.Timeout }>();

  constructor(
    private readonly intervalMs: number,
    private readonly send: (value: T) => void,
  ) {}

  push(key: string, value: T, final = false): void {
    const pending = this.waiting.get(key);
    if (final) {
      if (pending) clearTimeout(pending.timer);
      this.waiting.delete(key);
      this.last.set(key, Date.now());
      this.send(value);
      return;
    }
    if (pending) {
      pending.value = value;
      return;
    }
    const now = Date.now();
    const due = (this.last.get(key) ?? 0) + this.intervalMs;
    if (now >= due) {
      this.last.set(key, now);
      this.send(value);
      return;
    }
    const timer = setTimeout(() => {
      const entry = this.waiting.get(key);
      this.waiting.delete(key);
      if (!entry) return;
      this.last.set(key, Date.now());
      this.send(entry.value);
    }, due - now);
    timer.unref?.();
    this.waiting.set(key, { value, timer });
  }

  /** Drops what is waiting (nothing more is sent for it). */
  clear(): void {
    for (const { timer } of this.waiting.values()) clearTimeout(timer);
    this.waiting.clear();
  }
}
