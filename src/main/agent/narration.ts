// Narration instead of action, the failure small models are known for: the reply says what it will do
// next ("Next, I will edit calc.js...") and ends without doing it. Also: whether a task asks for a
// change at all, so a run that changed nothing is still checked when it should have.

const STEP_VERBS =
  'edit|change|fix|update|modify|rewrite|replace|run|execute|read|open|look|check|inspect|search|find|add|write|create|implement|apply|remove|delete|rename|refactor|test|verify|make|correct|call|use|try|start|begin|proceed';

const ANNOUNCE = new RegExp(
  String.raw`(?:^|[.!?:;]\s+|\n\s*(?:[-*•]\s+|\d+[.)]\s+)?|\b(?:and|then),?\s+)` +
    String.raw`(?:(?:next|now|then|first|so|ok(?:ay)?|after that|great|sure|alright|all right|right|well|good),?\s+)*` +
    String.raw`(?:I\s+will|I'll|I\s+am\s+going\s+to|I'm\s+going\s+to|I\s+(?:now\s+)?need\s+to|I\s+should|let\s+me|let's|we\s+will|we'll|we\s+need\s+to|the\s+next\s+step\s+is\s+to)` +
    String.raw`\s+(?:now\s+|then\s+|also\s+|first\s+|next\s+|quickly\s+)?(?:${STEP_VERBS})\b`,
  'i',
);

/** The sentence that announces a step not taken, among the reply's last `sentences`, or null. Code blocks are ignored. */
export function announcedStep(text: string, sentences = 2): string | null {
  // Only the end of the reply: "Let's look at how add() works: ..." opening a full answer is no promise.
  const whole = text.replace(/```[\s\S]*?(```|$)/g, ' ').trimEnd();
  const prose = whole.slice(lastSentencesStart(whole, sentences)).trimStart();
  const match = ANNOUNCE.exec(prose);
  if (!match) return null;
  const start = match.index + (match[0].length - match[0].trimStart().length);
  const rest = prose.slice(start).replace(/^[.!?:;,\s]+/, '');
  const end = rest.search(/[.!?](\s|$)|\n/);
  return (end === -1 ? rest : rest.slice(0, end + 1)).trim().slice(0, 200);
}

/** Where the last `n` sentences (or list items) of `text` begin. */
function lastSentencesStart(text: string, n: number): number {
  const ends = [...text.matchAll(/[.!?](?=\s)|\n/g)].map((m) => m.index + 1).filter((i) => i < text.length);
  return ends.length >= n ? (ends[ends.length - n] as number) : 0;
}

const QUESTION_START =
  /^(what|where|which|why|how|who|when|whose|is|are|does|do|did|can|could|should|would|explain|describe|tell me|show me|list|summari[sz]e|find out|give me an overview)\b/i;
const CHANGE_VERBS =
  'fix|add|change|implement|make|update|rename|remove|delete|refactor|write|create|convert|replace|support|handle|correct|repair|extend|rewrite|move|modify|edit|bump|upgrade';
const CHANGE_VERB = new RegExp(String.raw`\b(${CHANGE_VERBS})\b`, 'i');

const POLITE_REQUEST = new RegExp(
  String.raw`^(can|could|would|will) you (please )?(help( me)?( to)? )?(${CHANGE_VERBS})\b`,
  'i',
);
/** A sentence that is an order: "Please fix it.", "Fix it." */
const IMPERATIVE = new RegExp(String.raw`(^|[.!?]\s+)(please\s+)?(${CHANGE_VERBS})\b`, 'i');

/** True when the task asks for files to change (a fix, a feature), false for a question about the code. */
export function taskAsksForChange(task: string): boolean {
  const text = task.trim();
  if (QUESTION_START.test(text) && !POLITE_REQUEST.test(text)) {
    // "What's wrong with add()? Please fix it." asks for a change after all.
    const end = text.search(/[.!?]\s/);
    return end >= 0 && IMPERATIVE.test(text.slice(end + 1).trim());
  }
  return CHANGE_VERB.test(text);
}
