import assert from 'node:assert/strict';
import { RateLimiter, TokenBucket } from './limiter.ts';

let time = 0;
const clock = { now: () => time };

const bucket = new TokenBucket(5, 1, clock);
for (let i = 0; i < 5; i++) assert.equal(bucket.tryTake(), true);
assert.equal(bucket.tryTake(), false);

time += 1000;
assert.equal(bucket.available(), 1);
assert.equal(bucket.tryTake(), true);
assert.equal(bucket.tryTake(), false);

time += 60_000;
assert.equal(bucket.available(), 5);

const limiter = new RateLimiter(2, 1, clock);
assert.deepEqual([limiter.allow('a'), limiter.allow('a'), limiter.allow('a'), limiter.allow('b')], [true, true, false, true]);

console.log('ok');
