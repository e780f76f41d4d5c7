import assert from 'node:assert/strict';
import { compareVersions, latest, parseVersion, sortVersions } from './versions.ts';

assert.deepEqual(parseVersion('v1.2.3-beta'), { parts: ['1', '2', '3'], pre: 'beta' });
assert.throws(() => parseVersion('1.2'), /not a version/);

assert.equal(compareVersions('1.2.3', '1.2.3'), 0);
assert.ok(compareVersions('2.0.0-rc.1', '2.0.0') < 0);
assert.ok(compareVersions('1.2.4', '1.2.3') > 0);

assert.equal(latest(['1.9.0', '1.10.0', '1.2.0']), '1.10.0');
assert.deepEqual(sortVersions(['0.10.1', '0.9.12', '0.10.0']), ['0.9.12', '0.10.0', '0.10.1']);
assert.equal(latest([]), undefined);

console.log('ok');
