// Reads a command's options against an exact list of the ones known to only read, the way getopt reads
// them (clusters, attached and separate values, `--`). Anything not in the list, GNU abbreviations of
// long options included, is not read-only: the list is an allow-list, never a list of dangers.
import { globIndex, type ShellWord } from './command-words.js';
import { writeFinding, type Finding, type PathContext } from './command-paths.js';

/** flag: no value; value: attached or the next word; optional: attached only; pair: the next two words. */
export type Arity = 'flag' | 'value' | 'optional' | 'pair';

export interface OptionTable {
  short: ReadonlyMap<string, Arity>;
  long: ReadonlyMap<string, Arity>;
  /** `-NUM` is an option (head -20, grep -3). */
  numeric: boolean;
}

/** What an option that is not read-only does, for a better reason (and a denial when it writes outside). */
export type Escalation = { ask: string } | { writes: string };

/**
 * A table from a compact list: `-a` a flag, `-n=` takes a value, `-i=?` an optional attached value,
 * `--all`, `--width=`, `--color=?`, `--arg==` takes two words, `-#` numeric options.
 */
export function optionTable(spec: string): OptionTable {
  const short = new Map<string, Arity>();
  const long = new Map<string, Arity>();
  let numeric = false;
  for (const token of spec.split(/\s+/).filter(Boolean)) {
    if (token === '-#') {
      numeric = true;
      continue;
    }
    const m = /^(--?)([^=]+)(=|=\?|==)?$/.exec(token);
    if (!m) throw new Error(`bad option token ${token}`);
    const arity: Arity =
      m[3] === '=' ? 'value' : m[3] === '=?' ? 'optional' : m[3] === '==' ? 'pair' : 'flag';
    (m[1] === '--' ? long : short).set(m[2] as string, arity);
  }
  return { short, long, numeric };
}

export interface ScanHow {
  /** The command, for reasons. */
  name: string;
  table: OptionTable;
  escalate?: Readonly<Record<string, Escalation>>;
  /** Options end at the first operand (bash builtins, wrappers, BSD tools); GNU tools permute. */
  optionsFirst?: boolean;
  /** Stop at the first operand and report where it is (a wrapper's command). */
  stopAtOperand?: boolean;
  /** No option of the program writes or runs: a word only known at run time is fine. */
  anyArgs?: boolean;
  /** Where written paths land; without it a write is only asked about. */
  ctx?: PathContext;
}

export interface Scan {
  findings: Finding[];
  operands: ShellWord[];
  /** The options given, spelled as in the table (`-n`, `--lines`), with their value. */
  given: Array<{ option: string; value: ShellWord | undefined }>;
  /** With stopAtOperand: the index of the first operand (args.length when there is none). */
  rest: number;
}

const ask = (reason: string): Finding => ({ verdict: 'ask', reason });

/** Whether a word can turn into an option (or into several words) when the command runs. */
export function mayBeOption(word: ShellWord): boolean {
  if (word.value === undefined) return word.split || !word.lead || word.lead.startsWith('-');
  const glob = globIndex(word.pattern);
  // `*` in the first place matches a file the model named `--output=x`.
  return glob === 0 || word.split;
}

export function scanOptions(args: readonly ShellWord[], how: ScanHow): Scan {
  const out: Scan = { findings: [], operands: [], given: [], rest: args.length };
  const { table, name } = how;
  let ended = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as ShellWord;
    const v = a.value;
    const unknown = !ended && mayBeOption(a);
    if (!unknown && (ended || v === undefined || v === '-' || !v.startsWith('-'))) {
      if (how.stopAtOperand) return { ...out, rest: i };
      out.operands.push(a);
      if (how.optionsFirst) ended = true;
      continue;
    }
    if (unknown || v === undefined) {
      if (how.stopAtOperand) return { ...out, rest: i };
      if (!how.anyArgs)
        out.findings.push(ask(`an argument of ${name} is only known at run time and could be an option`));
      out.operands.push(a);
      if (how.optionsFirst) ended = true;
      continue;
    }
    if (v === '--') {
      ended = true;
      continue;
    }
    const next = (): ShellWord | undefined => args[++i];
    if (v.startsWith('--')) {
      const eq = v.indexOf('=');
      const opt = eq < 0 ? v.slice(2) : v.slice(2, eq);
      const attached = eq < 0 ? undefined : v.slice(eq + 1);
      const arity = table.long.get(opt);
      if (arity === undefined || (arity === 'flag' && attached !== undefined)) {
        out.findings.push(unknownLong(opt, attached, next, how));
        continue;
      }
      let value: ShellWord | undefined = attached === undefined ? undefined : plainWord(attached);
      if (arity === 'value' && attached === undefined) value = next();
      if (arity === 'pair') {
        if (attached === undefined) value = next();
        next();
      }
      out.given.push({ option: `--${opt}`, value });
      continue;
    }
    if (table.numeric && /^-\d+$/.test(v)) {
      out.given.push({ option: '-#', value: plainWord(v.slice(1)) });
      continue;
    }
    for (let j = 1; j < v.length; j++) {
      const c = v.charAt(j);
      const arity = table.short.get(c);
      const rest = v.slice(j + 1);
      if (arity === undefined) {
        const what = how.escalate?.[`-${c}`];
        out.findings.push(
          what ? escalation(what, rest || undefined, next, how.ctx) : unknownShort(name, c, v),
        );
        break;
      }
      if (arity === 'flag') {
        out.given.push({ option: `-${c}`, value: undefined });
        continue;
      }
      const value = rest !== '' ? plainWord(rest) : arity === 'optional' ? undefined : next();
      out.given.push({ option: `-${c}`, value });
      break;
    }
  }
  return out;
}

function unknownShort(name: string, c: string, word: string): Finding {
  return ask(`${name} -${c} is not a known read-only option${word.length > 2 ? ` (in ${word})` : ''}`);
}

/** An unlisted long option: an escalation it abbreviates gives the reason, else it is simply unknown. */
function unknownLong(
  opt: string,
  attached: string | undefined,
  next: () => ShellWord | undefined,
  how: ScanHow,
): Finding {
  const hits = Object.entries(how.escalate ?? {}).filter(
    ([flag]) => flag.startsWith('--') && opt.length > 0 && flag.slice(2).startsWith(opt),
  );
  const [hit] = hits;
  if (hit) return escalation(hit[1], attached, next, how.ctx);
  return ask(`${how.name} --${opt} is not a known read-only option`);
}

function escalation(
  what: Escalation,
  attached: string | undefined,
  next: () => ShellWord | undefined,
  ctx: PathContext | undefined,
): Finding {
  if ('ask' in what) return ask(what.ask);
  const word = attached !== undefined ? plainWord(attached) : next();
  if (!word) return ask(`${what.writes} a file`);
  return (ctx && writeFinding(word, what.writes, ctx)) ?? ask(`${what.writes} ${word.text}`);
}

/** A word taken from part of another (an option's attached value): no wildcard or `~` honoured. */
export function plainWord(text: string): ShellWord {
  return { text, value: text, pattern: text.replace(/[\s\S]/g, (c) => `\\${c}`), split: false };
}
