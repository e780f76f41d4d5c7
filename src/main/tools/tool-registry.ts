// The tools a session offers, taken from its sources: the built-in tools now, MCP servers and others
// next. A source's tools may carry a raw JSON Schema instead of zod; every schema is checked here once,
// and a tool that cannot be offered (a taken name, an unusable schema, a source that failed to list)
// is left out with a problem the session reports, never a crash.
import { compileRawSchema } from './raw-schema-args.js';
import { isRawSchemaTool, type AnyTool } from './types.js';

export interface ToolSource {
  /** For messages and approvals: 'built-in', 'mcp:github'... */
  name: string;
  /**
   * Its tools in a fixed order (the order is part of the cached prompt prefix), with what it left out
   * (a server that failed to start...) as problem lines.
   */
  list(signal?: AbortSignal): Promise<readonly AnyTool[] | ListedTools>;
}

export interface ListedTools {
  tools: readonly AnyTool[];
  problems: readonly string[];
}

export class ToolRegistry {
  private readonly byName: ReadonlyMap<string, AnyTool>;

  constructor(readonly tools: readonly AnyTool[]) {
    this.byName = new Map(tools.map((t) => [t.name, t]));
  }

  get(name: string): AnyTool | undefined {
    return this.byName.get(name);
  }

  names(): string[] {
    return this.tools.map((t) => t.name);
  }
}

/** Names a model can call on every runtime (the OpenAI function-name rule). */
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

export interface LoadedTools {
  registry: ToolRegistry;
  /** One line per tool or source left out, for the session's warnings. */
  problems: string[];
}

/**
 * The tools of all sources, in source order; the first tool of a name wins. `only`: keep just these
 * names (unknown names are the caller's to reject).
 */
export async function loadTools(
  sources: readonly ToolSource[],
  only?: readonly string[],
  signal?: AbortSignal,
): Promise<LoadedTools> {
  const tools: AnyTool[] = [];
  const problems: string[] = [];
  const taken = new Map<string, string>();
  for (const source of sources) {
    let listed: readonly AnyTool[];
    try {
      const result = await source.list(signal);
      if ('tools' in result) {
        listed = result.tools;
        problems.push(...result.problems);
      } else {
        listed = result;
      }
    } catch (error) {
      problems.push(`Tool source ${source.name} could not list its tools: ${describe(error)}`);
      continue;
    }
    for (const tool of listed) {
      if (only && !only.includes(tool.name)) continue;
      const problem = offerProblem(tool, taken);
      if (problem) {
        problems.push(`${tool.name} from ${source.name} left out: ${problem}.`);
        continue;
      }
      taken.set(tool.name, source.name);
      tools.push(tool);
    }
  }
  return { registry: new ToolRegistry(tools), problems };
}

function offerProblem(tool: AnyTool, taken: ReadonlyMap<string, string>): string | undefined {
  if (!TOOL_NAME.test(tool.name)) return 'its name is not 1-64 letters, digits, _ or -';
  const owner = taken.get(tool.name);
  if (owner) return `the name is taken by a tool from ${owner}`;
  if (!isRawSchemaTool(tool)) return undefined;
  if (tool.inputSchema.type !== undefined && tool.inputSchema.type !== 'object') {
    return 'its input schema is not an object schema';
  }
  const compiled = compileRawSchema(tool.inputSchema);
  return compiled.ok ? undefined : `its input schema is unusable (${compiled.message})`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
