// The contract every tool implements. One tool is one file: name, short description, a zod schema
// with a description on every field, and execute(args, ctx) returning what the model sees and what
// the UI shows, separately. Tools from other sources may carry a raw JSON Schema instead.
import type { z } from 'zod';
import type { Workspace } from '../workspace/workspace.js';
import type { ReadTracker } from '../workspace/read-tracker.js';
import type { CommandRunner } from '../workspace/command-runner.js';
import type { Permissions } from '../safety/permissions.js';
import type { CheckpointRecorder } from '../workspace/checkpoint-turn.js';
import type { ToolKind } from '../../shared/approval.js';

export interface ToolLimits {
  /** Max lines returned by one read_file call. */
  readLines: number;
  /** Max characters per returned line (longer lines are cut with a marker). */
  lineChars: number;
  /** Max matches returned by search. */
  searchMatches: number;
  /** Max entries returned by find_files / list_dir. */
  listEntries: number;
  /** Max characters of command output the model sees (head + tail kept). */
  outputChars: number;
  /** Default and max timeout of run_command, seconds. */
  commandTimeoutS: number;
  maxCommandTimeoutS: number;
}

export const DEFAULT_LIMITS: ToolLimits = {
  readLines: 400,
  lineChars: 500,
  searchMatches: 100,
  listEntries: 400,
  outputChars: 8000,
  commandTimeoutS: 120,
  maxCommandTimeoutS: 900,
};

/** What every tool gets: the folder, what the agent has read, the limits and the run's signal. */
export interface ReadContext {
  ws: Workspace;
  reads: ReadTracker;
  limits: ToolLimits;
  signal: AbortSignal;
  /**
   * Folder (outside the workspace) holding full tool outputs that were shaped for the context;
   * read_file reads them as `@spill/<name>`.
   */
  spillDir?: string;
}

/** Saves the current state of paths (relative to the root); an error message means: change nothing. */
export type SaveBefore = (rels: readonly string[]) => Promise<string | undefined>;

/** File-changing tools (edit_file, write_file, apply_patch), through the change pipeline. */
export interface ChangeContext extends ReadContext {
  /**
   * The session's approval mode. Every change asks it first; a context without it (only a cast can make
   * one) changes nothing: the pipeline refuses.
   */
  permissions: Permissions;
  /** Set by the scheduler while a turn's checkpoint is open; absent when the run keeps no checkpoints. */
  saveBefore?: SaveBefore;
  /** A cheap check of a file just written (e.g. syntax); returns a note for the model, or nothing. */
  afterWrite?: (rel: string) => Promise<string | undefined>;
}

/** run_command. */
export interface CommandContext extends ReadContext {
  /** The approval mode and command policy; without it no command runs. */
  permissions: Permissions;
  commands: CommandRunner;
  /** Live progress for the UI (e.g. command output as it arrives). Never shown to the model. */
  onUpdate?: (text: string) => void;
}

/** What the scheduler hands each call: every tool takes the part it needs. */
export type ToolContext = ChangeContext & CommandContext;

/**
 * What a session gives the scheduler for one turn: the tools' context less what it adds itself
 * (`onUpdate` per call, `saveBefore` per turn), and where the turn's checkpoint goes (none when absent).
 */
export type TurnContext = Omit<ToolContext, 'onUpdate' | 'saveBefore'> & { checkpoints?: CheckpointRecorder };

/** What the UI may render besides the model-facing text. */
export type ToolDisplay =
  | { kind: 'text'; text: string }
  | { kind: 'diff'; path: string; before: string; after: string }
  | { kind: 'command'; command: string; exitCode: number | null; timedOut: boolean; output: string };

export interface ToolOutcome {
  ok: boolean;
  /** Exactly what goes back to the model. */
  output: string;
  /** True when output was shaped (head/tail kept, middle omitted). */
  truncated?: boolean;
  /**
   * A file in `spillDir` the tool wrote with its whole output (a command's, past what `output` keeps):
   * when the context shapes the result, it points there instead of spilling the shaped text.
   */
  spill?: string;
  display?: ToolDisplay;
  /** Paths (relative to the root) this call changed. */
  changed?: string[];
  /** Set by a tool that ends the run, e.g. ask_user: the loop stops with this reason after the turn. */
  stop?: { reason: 'blocked'; message: string };
  /** Set by the scheduler when the call never reached the tool. */
  invalid?: 'unknown_tool' | 'invalid_args';
}

/** What the registry and the scheduler know of any tool. */
export interface ToolInfo {
  name: string;
  /** One or two short sentences; the model reads this on every turn. */
  description: string;
  /** Mutating tools run one at a time, in order; read-only ones may run in parallel. */
  mutates: boolean;
  /** What is asked before it runs (see ToolKind); default `edit` for a mutating tool, else `read`. */
  kind?: ToolKind;
  /** Changes files it cannot name beforehand (run_command): the scheduler scans the folder around it. */
  scansFolder?: boolean;
  /** Where it comes from, for approvals and messages (e.g. `mcp:github`); default `built-in`. */
  source?: string;
}

/** A tool with a zod schema (every built-in tool). `C` is the part of the context it needs. */
export interface Tool<
  S extends z.ZodObject = z.ZodObject,
  C extends ReadContext = ToolContext,
> extends ToolInfo {
  params: S;
  execute(args: z.infer<S>, ctx: C): Promise<ToolOutcome>;
}

/** A JSON Schema as a tool source gives it (an MCP server's `inputSchema`). */
export type JsonSchema = Readonly<Record<string, unknown>>;

/** A tool from another source, described by a raw JSON Schema; its arguments are checked with ajv. */
export interface RawSchemaTool extends ToolInfo {
  kind: ToolKind;
  source: string;
  /** The arguments' schema: `{ type: 'object', properties, required }`; arguments are checked against it. */
  inputSchema: JsonSchema;
  /** What the model is shown instead (descriptions trimmed to a token budget); default `inputSchema`. */
  promptSchema?: JsonSchema;
  /** The source says it only reads: shown to the person, never a reason to skip asking. */
  readOnlyHint?: boolean;
  execute(args: Record<string, unknown>, ctx: ReadContext): Promise<ToolOutcome>;
}

/** Whatever a registry holds. */
export type AnyTool = Tool | RawSchemaTool;

export function defineTool<S extends z.ZodObject, C extends ReadContext = ToolContext>(
  tool: Tool<S, C>,
): Tool<S, C> {
  return tool;
}

export function isRawSchemaTool(tool: AnyTool): tool is RawSchemaTool {
  return 'inputSchema' in tool;
}

/** The kind a tool is approved as. */
export function kindOf(tool: ToolInfo): ToolKind {
  return tool.kind ?? (tool.mutates ? 'edit' : 'read');
}

/**
 * Upper bound on path arguments: a real limit (no sane relative path is longer) that reaches the grammar
 * as maxLength, so a confused model cannot spin inside a path (measured: without it a random-weight model
 * filled the whole turn's token cap with one path). Other strings are bounded by the turn's token cap
 * only: every bound is documented to the model on every turn, and costs tokens.
 */
export const MAX_PATH_CHARS = 256;
