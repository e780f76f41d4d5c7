export interface Clock {
  now(): number; // milliseconds
}

export const systemClock: Clock = { now: () => Date.now() };

// Token bucket: holds at most `capacity` tokens and gains `refillPerSecond` tokens per second.
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly capacity: number,
    private readonly refillPerSecond: number,
    private readonly clock: Clock = systemClock,
  ) {
    this.tokens = capacity;
    this.last = clock.now();
  }

  private refill(): void {
    const now = this.clock.now();
    const elapsedSeconds = (now - this.last) / 1000;
    this.tokens = Math.min(this.capacity, this.tokens + elapsedSeconds * this.refillPerSecond);
    this.last = now;
  }

  tryTake(count = 1): boolean {
    this.refill();
    if (this.tokens < count) return false;
    this.tokens -= count;
    return true;
  }

  available(): number {
    this.refill();
    return Math.floor(this.tokens);
  }
}

// One bucket per client key.
export class RateLimiter {
  private buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly capacity: number,
    private readonly refillPerSecond: number,
    private readonly clock: Clock = systemClock,
  ) {}

  allow(key: string): boolean {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(this.capacity, this.refillPerSecond, this.clock);
      this.buckets.set(key, bucket);
    }
    return bucket.tryTake();
  }
}
