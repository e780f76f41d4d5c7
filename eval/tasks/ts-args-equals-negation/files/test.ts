import assert from 'node:assert/strict';
import { parseArgs } from './args.ts';

const spec = { port: 'number', host: 'string', verbose: 'boolean' } as const;

assert.deepEqual(parseArgs(['serve', '--port', '8080', '--verbose', 'extra'], spec), {
  options: { port: 8080, verbose: true },
  positional: ['serve', 'extra'],
});
assert.deepEqual(parseArgs(['--host', 'localhost', '--', '--port', 'x'], spec), {
  options: { host: 'localhost' },
  positional: ['--port', 'x'],
});
assert.throws(() => parseArgs(['--colour'], spec), /unknown option --colour/);
assert.throws(() => parseArgs(['--port'], spec), /needs a value/);
assert.throws(() => parseArgs(['--port', 'abc'], spec), /expects a number/);

console.log('ok');
