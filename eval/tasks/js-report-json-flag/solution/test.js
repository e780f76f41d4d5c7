import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { formatTable, summarize } from './report.js';

const summary = summarize([
  { region: 'west', amount: 10 },
  { region: 'east', amount: 2.5 },
  { region: 'west', amount: 5 },
]);
assert.deepEqual(summary, { total: 17.5, byRegion: { west: 15, east: 2.5 } });
assert.equal(
  formatTable(summary),
  ['east                2.50', 'west               15.00', '-'.repeat(24), 'TOTAL              17.50'].join('\n'),
);

const out = execFileSync(process.execPath, ['cli.js', 'sales.json'], { encoding: 'utf8' });
assert.match(out, /^north\s+140\.00$/m);
assert.match(out, /^TOTAL\s+220\.00$/m);

const json = execFileSync(process.execPath, ['cli.js', '--json', 'sales.json'], { encoding: 'utf8' });
assert.deepEqual(JSON.parse(json), { total: 220, byRegion: { north: 140, south: 80 } });
const after = execFileSync(process.execPath, ['cli.js', 'sales.json', '--json'], { encoding: 'utf8' });
assert.deepEqual(JSON.parse(after), JSON.parse(json));

console.log('ok');
