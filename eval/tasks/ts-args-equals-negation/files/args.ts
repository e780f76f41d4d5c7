export type OptionType = 'string' | 'number' | 'boolean';
export type Spec = Record<string, OptionType>;
export type Value = string | number | boolean;

export interface Parsed {
  options: Record<string, Value>;
  positional: string[];
}

function convert(name: string, type: OptionType, raw: string): Value {
  if (type !== 'number') return raw;
  const n = Number(raw);
  if (raw.trim() === '' || Number.isNaN(n)) throw new Error(`--${name} expects a number, got "${raw}"`);
  return n;
}

export function parseArgs(argv: string[], spec: Spec): Parsed {
  const options: Record<string, Value> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const name = arg.slice(2);
    const type = spec[name];
    if (!type) throw new Error(`unknown option --${name}`);
    if (type === 'boolean') {
      options[name] = true;
      continue;
    }
    const raw = argv[++i];
    if (raw === undefined) throw new Error(`--${name} needs a value`);
    options[name] = convert(name, type, raw);
  }
  return { options, positional };
}
