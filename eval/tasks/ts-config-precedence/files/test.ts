import assert from 'node:assert/strict';
import { DEFAULTS, fromEnv, parseArgs, resolveSettings } from './config.ts';

assert.deepEqual(parseArgs(['--port', '5000', '--host', 'example.test']), { port: 5000, host: 'example.test' });
assert.deepEqual(parseArgs(['--verbose', '--log-level', 'debug']), { logLevel: 'debug' });
assert.deepEqual(fromEnv({ LOG_LEVEL: 'warn' }), { logLevel: 'warn' });
assert.deepEqual(resolveSettings([], {}, '/nonexistent/config.json'), DEFAULTS);

console.log('ok');
