import { describe, expect, it } from 'vitest';
import { announcedStep, taskAsksForChange } from '../../../src/main/agent/narration.js';

describe('announcedStep: a step announced and not taken', () => {
  it('returns the whole announcing sentence', () => {
    expect(announcedStep('Next, I will edit calc.js to use a + b, and then run node test.js')).toBe(
      'Next, I will edit calc.js to use a + b, and then run node test.js',
    );
  });

  it('returns only the announcing sentence, not what comes before or after', () => {
    expect(
      announcedStep('I found the bug in calc.js: it subtracts. Now I will fix it. It is a one-line change.'),
    ).toBe('Now I will fix it.');
  });

  it('does not end the sentence at the dot of a file name', () => {
    expect(announcedStep('I will update src/utils.ts to export parse.')).toBe(
      'I will update src/utils.ts to export parse.',
    );
  });

  it.each([
    ["I'll run the tests to confirm.", "I'll run the tests to confirm."],
    ['Let me read src/index.ts first.', 'Let me read src/index.ts first.'],
    ["Let's check the config.", "Let's check the config."],
    ["I'm going to update the README.", "I'm going to update the README."],
    ['I am going to rewrite the parser.', 'I am going to rewrite the parser.'],
    ['The bug is in add(). I need to change the minus to a plus.', 'I need to change the minus to a plus.'],
    ['I now need to verify the output.', 'I now need to verify the output.'],
    ['I should run npm test next.', 'I should run npm test next.'],
    ['We need to update the import in main.js.', 'We need to update the import in main.js.'],
    ["We'll add a test for it.", "We'll add a test for it."],
    ['The next step is to run the tests.', 'The next step is to run the tests.'],
    ['First, let me look at the failing test.', 'First, let me look at the failing test.'],
    ['Okay, let me fix that.', 'Okay, let me fix that.'],
    ['So now I will apply the change.', 'So now I will apply the change.'],
    ['After that, I will remove the old helper.', 'After that, I will remove the old helper.'],
    ['I will also rename the variable.', 'I will also rename the variable.'],
    ['NEXT, I WILL EDIT CALC.JS.', 'NEXT, I WILL EDIT CALC.JS.'],
  ])('%s', (text, sentence) => {
    expect(announcedStep(text)).toBe(sentence);
  });

  it('finds an announcement at the start of a later line', () => {
    expect(announcedStep('Summary of the problem:\nthe sum is wrong.\nI will now apply the fix')).toBe(
      'I will now apply the fix',
    );
  });

  it('finds an announcement joined with "and"', () => {
    const step = announcedStep('The import path was wrong and I will correct it in main.js.');
    expect(step).not.toBeNull();
    expect(step).toContain('I will correct it in main.js.');
  });

  it('finds an announcement after a question mark or an exclamation mark', () => {
    expect(announcedStep('Why does it fail? Let me inspect the stack trace.')).toBe(
      'Let me inspect the stack trace.',
    );
    expect(announcedStep('Found it! I will fix the typo.')).toBe('I will fix the typo.');
  });

  it('finds an announcement after a code block, ignoring the code', () => {
    const text =
      'The function is:\n```js\nfunction add(a, b) {\n  return a - b;\n}\n```\nI will change it to return a + b.';
    expect(announcedStep(text)).toBe('I will change it to return a + b.');
  });

  it('cuts a very long sentence to 200 characters', () => {
    const step = announcedStep(`I will edit ${'a'.repeat(400)}`);
    expect(step).not.toBeNull();
    expect(step?.length).toBe(200);
    expect(step?.startsWith('I will edit a')).toBe(true);
  });

  it('finds an announcement in a bullet list', () => {
    expect(
      announcedStep('I found the bug.\n\nNext steps:\n- I will edit calc.js to use a + b'),
    ).not.toBeNull();
  });

  it('finds an announcement after an interjection and a comma', () => {
    expect(announcedStep('Great, now I will run the tests to verify.')).not.toBeNull();
    expect(announcedStep('Sure, let me fix that.')).not.toBeNull();
  });
});

describe('announcedStep: not announcements', () => {
  it.each([
    ['a past-tense summary', 'I edited math.js and ran the tests; they pass.'],
    ['prose naming a tool', 'I read the file with read_file and fixed it.'],
    ['an offer', 'Let me know if you want more changes.'],
    ['an offer to do more', "Let me know if you'd like me to add tests."],
    ['advice to the user', 'You should run npm test to check.'],
    ["the user's next step", "You'll need to run npm install first."],
    ['a conditional offer', 'If you want, I will add more tests.'],
    ['a conditional', 'If the tests still fail, I will need to look at the config.'],
    ['an ability, not a plan', 'I can also add tests if you like.'],
    ['a question to the user', 'Should I also update the README?'],
    ['a statement about what will not change', 'I will not change anything else.'],
    ['a recommendation', "I'd recommend running the full suite before merging."],
    ['an explanation', 'Let me explain: the delay doubles after every failed attempt.'],
    ['a walkthrough', 'Let me walk you through the fix.'],
    ['a mention', 'I should mention that the old API still works.'],
    ['a past step with "then"', 'I read calc.js, then I ran node test.js. All tests pass.'],
    ['a "run" that is not an announcement', 'The tests run in about two seconds.'],
    ['an empty reply', ''],
  ])('%s', (_label, text) => {
    expect(announcedStep(text)).toBeNull();
  });

  it('ignores announcements inside code blocks', () => {
    const text =
      'Done. The script now reads:\n```js\n// Next, I will edit calc.js\nlet me = 1;\n```\nAll tests pass.';
    expect(announcedStep(text)).toBeNull();
  });

  it('ignores an unclosed code block to the end of the reply', () => {
    expect(announcedStep('Here is the fix:\n```python\n# I will run the tests\nprint(1)')).toBeNull();
  });

  it('does not take a summary introduced with "let me go over" as a step', () => {
    const text =
      'Let me go over the changes:\n- calc.js: add() now returns a + b\n- test.js: added a case for negatives';
    expect(announcedStep(text)).toBeNull();
  });
});

describe('taskAsksForChange', () => {
  it.each([
    'Fix the failing test in calc.js',
    'fix the bug in add()',
    'Add a --verbose flag to the CLI',
    'Implement retry with exponential backoff in fetch.ts',
    'Rename getUser to fetchUser everywhere',
    'Write a unit test for parseArgs',
    'Make the tests pass',
    'Please fix the typo in README.md',
    'calc.js is broken and the tests fail. Fix it.',
    'The add function returns a - b instead of a + b; correct it.',
    'Remove the unused lodash import',
    'Refactor the config loader into its own module',
    'Update the README to mention the new flag',
    'Can you fix the bug in add()?',
    'Could you please add tests for the parser?',
    'Would you update the changelog?',
    'The parser should handle empty input',
    'I need you to add a test for parse()',
  ])('a change: %s', (task) => {
    expect(taskAsksForChange(task)).toBe(true);
  });

  it.each([
    'Where is the retry delay computed?',
    'How does the parser handle errors?',
    'What does the make target in the Makefile do?',
    'Why does add() return the wrong value?',
    'Which file should I edit to change the port?',
    'Is there a function that handles timeouts?',
    'Does this project support ESM?',
    'Explain how the cache is invalidated',
    'Describe the architecture of the app',
    'Summarize the changes in src/',
    'Tell me where errors are handled',
    'Show me how the config is loaded',
    'List the files that import lodash',
    'Can you explain how retries work?',
    'Can you tell me what fix was applied last?',
    'Please explain the retry logic',
    'Review the prefix option in the parser',
    '   where is main defined?   ',
  ])('a question: %s', (task) => {
    expect(taskAsksForChange(task)).toBe(false);
  });

  it('is a change when a question is followed by a request to fix', () => {
    expect(taskAsksForChange("What's wrong with add()? Please fix it.")).toBe(true);
    expect(taskAsksForChange('Why does npm test fail? Fix it.')).toBe(true);
  });

  it('is a change when asked for help fixing', () => {
    expect(taskAsksForChange('Could you help me fix the failing test?')).toBe(true);
  });
});
