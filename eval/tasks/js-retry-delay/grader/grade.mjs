import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

function runVisibleTests(command, args, files) {
  for (const f of files) {
    if (!existsSync(f) || readFileSync(f, 'utf8').trim() === '') {
      console.log(`${f} is missing or empty.`);
      process.exit(1);
    }
  }
  const r = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
  if (r.status !== 0) {
    console.log(`The project's tests fail (${[command, ...args].join(' ')}).`);
    process.exit(1);
  }
}

function readAnswer() {
  const path = process.env.EVAL_ANSWER;
  const text = path && existsSync(path) ? readFileSync(path, 'utf8') : '';
  if (text.trim() === '') {
    console.log('The answer is empty.');
    process.exit(1);
  }
  return text;
}

runVisibleTests(process.execPath, ['test.js'], ['test.js']);
const answer = readAnswer();
const problems = [];
if (!/computeDelay/i.test(answer)) problems.push('the answer does not name the function that computes the delay');
const says2000 = /(^|[^\d.,])2[,. ]?000(?![\d])/.test(answer) || /\b2(\.0+)?\s*(s|sec|secs|seconds?)\b/i.test(answer);
if (!says2000) problems.push('the answer does not give the right delay after the third failure');
if (problems.length > 0) {
  console.log(problems.join('\n'));
  process.exit(1);
}
console.log('Answer accepted.');
