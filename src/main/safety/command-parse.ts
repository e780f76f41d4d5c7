// A bash command line split into the simple commands bash will run, with tree-sitter-bash (wasm, loaded
// once). A line the grammar does not accept, or whose here-documents bash would end elsewhere, is
// refused, so the checker and the shell never read different commands; the walk that finds every
// command in the tree is command-walk.ts.
import { createRequire } from 'node:module';
import { Language, Parser } from 'web-tree-sitter';
import { fail, type Failure } from '../../shared/result.js';
import { walkLine, type ParsedLine } from './command-walk.js';
import { heredocProblem } from './command-heredoc.js';

export type ParseOutcome = { ok: true; line: ParsedLine } | Failure<'unparsable'>;

let parserPromise: Promise<Parser> | undefined;

/** The bash parser, created once; a failed load is retried on the next call. */
export function loadBashParser(): Promise<Parser> {
  if (!parserPromise) {
    parserPromise = (async () => {
      await Parser.init();
      const require = createRequire(import.meta.url);
      const language = await Language.load(require.resolve('tree-sitter-bash/tree-sitter-bash.wasm'));
      const parser = new Parser();
      parser.setLanguage(language);
      return parser;
    })();
    parserPromise.catch(() => (parserPromise = undefined));
  }
  return parserPromise;
}

/** Parses a line (loading the parser on first use). */
export async function parseCommandLine(source: string): Promise<ParseOutcome> {
  return parseLine(await loadBashParser(), source);
}

export function parseLine(parser: Parser, source: string): ParseOutcome {
  const tree = parser.parse(source);
  if (!tree) return fail('unparsable', 'the command could not be parsed');
  try {
    const root = tree.rootNode;
    const covered =
      source.slice(0, root.startIndex).trim() === '' && source.slice(root.endIndex).trim() === '';
    if (root.hasError || !covered) return fail('unparsable', 'the command could not be parsed');
    for (const heredoc of root.descendantsOfType('heredoc_redirect')) {
      const problem = heredoc && heredocProblem(heredoc, source);
      if (problem) return fail('unparsable', problem);
    }
    const walked = walkLine(root);
    if ('problem' in walked) return fail('unparsable', walked.problem);
    return { ok: true, line: walked };
  } finally {
    tree.delete();
  }
}
