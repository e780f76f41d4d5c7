// The contract every tool implements. One tool is one file: name, short description, a zod schema
// with a description on every field, and execute(args, ctx) returning what the model sees and what
// the UI shows, separately.
import type { z } from 'zod';
import type { Workspace } from '../workspace/workspace.js';
import type { ReadTracker } from '../workspace/read-tracker.js';
import type { CommandRunner } from '../workspace/command-runner.js';
import type { Permissions } from '../safety/permissions.js';
import type { CheckpointRecorder } from '../workspace/checkpoint-turn.js';

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

export interface ToolContext {
  ws: Workspace;
  reads: ReadTracker;
  commands: CommandRunner;
  limits: ToolLimits;
  signal: AbortSignal;
  /** Live progress for the UI (e.g. command output as it arrives). Never shown to the model. */
  onUpdate?: (text: string) => void;
  /**
   * Folder (outside the workspace) holding full tool outputs that were shaped for the context;
   * read_file reads them as `@spill/<name>`.
   */
  spillDir?: string;
  /** Where each turn's checkpoint goes (undo); none taken when absent. Wired by the session. */
  checkpoints?: CheckpointRecorder;
  /**
   * Set by the scheduler for the current turn: saves the current state of these paths (relative to the
   * root) before a tool changes them. Returns an error message when that failed; the tool must then
   * change nothing (an unrecorded change could not be undone).
   */
  saveBefore?: (rels: readonly string[]) => Promise<string | undefined>;
  /**
   * The session's approval mode and command policy. Every change and command asks it first; absent only
   * in tool unit tests, where everything is allowed.
   */
  permissions?: Permissions;
  /** A cheap check of a file just written (e.g. syntax); returns a note for the model, or nothing. */
  afterWrite?: (rel: string) => Promise<string | undefined>;
}

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

export interface Tool<S extends z.ZodObject = z.ZodObject> {
  name: string;
  /** One or two short sentences; the model reads this on every turn. */
  description: string;
  params: S;
  /** Mutating tools run one at a time, in order; read-only ones may run in parallel. */
  mutates: boolean;
  /** Changes files it cannot name beforehand (run_command): the scheduler scans the folder around it. */
  scansFolder?: boolean;
  execute(args: z.infer<S>, ctx: ToolContext): Promise<ToolOutcome>;
}

export function defineTool<S extends z.ZodObject>(tool: Tool<S>): Tool<S> {
  return tool;
}

/**
 * Upper bound on path arguments: a real limit (no sane relative path is longer) that reaches the grammar
 * as maxLength, so a confused model cannot spin inside a path (measured: without it a random-weight model
 * filled the whole turn's token cap with one path). Other strings are bounded by the turn's token cap
 * only: every bound is documented to the model on every turn, and costs tokens.
 */
export const MAX_PATH_CHARS = 256;
