// The runner's command lines: every subcommand parses its words here, so a bad flag or a missing
// value comes back the same way (a `usage` failure with node's message) and each command says it
// with its own usage text (printUsageError).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { fail, type Failure } from '../shared/result.js';

/** node's parseArgs, strict; what it would throw at a person's typing is returned as a failure. */
export function parseCliArgs<const T extends ParseArgsConfig>(
  config: T,
): ({ ok: true } & ReturnType<typeof parseArgs<T>>) | Failure<'usage'> {
  try {
    return { ok: true, ...parseArgs(config) };
  } catch (error) {
    return fail('usage', (error as Error).message);
  }
}

/** Writes the problem and the command's usage to stderr; 2 is the runner's exit code for bad usage. */
export function printUsageError(message: string, usage: string): 2 {
  process.stderr.write(`error: ${message}\n\n${usage}\n`);
  return 2;
}
