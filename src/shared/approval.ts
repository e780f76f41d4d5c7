// Approval modes and the questions the core asks a person before a change or a command. The core
// enforces the mode (src/main/safety/permissions.ts); a window or a terminal only answers questions.
import { z } from 'zod';

/**
 * plan: read-only (no edits; only commands judged read-only run).
 * ask: ask before each change and each command that is not read-only.
 * auto-edit: apply edits, ask before commands that are not read-only.
 * full-auto: apply edits and run commands without asking (the command policy's denials still hold).
 */
export const APPROVAL_MODES = ['plan', 'ask', 'auto-edit', 'full-auto'] as const;
export type ApprovalMode = (typeof APPROVAL_MODES)[number];
export const approvalModeSchema = z.enum(APPROVAL_MODES);

/**
 * What a tool may do, which decides what is asked before it runs: read (never asks), edit (files in the
 * folder, each change shown), command (a shell command, judged by the command policy), external
 * (anything a tool from another source does, e.g. an MCP server: asked like a command that is not
 * read-only).
 */
export const TOOL_KINDS = ['read', 'edit', 'command', 'external'] as const;
export type ToolKind = (typeof TOOL_KINDS)[number];

/** One file a tool proposes to change. `before` null: the file is new; `after` null: it is deleted. */
export interface FileChange {
  path: string;
  before: string | null;
  after: string | null;
}

/** How the command policy judged one command line. */
export interface CommandJudgement {
  /** read_only: may run without asking; ask: needs approval (unless full-auto); deny: never runs. */
  verdict: 'read_only' | 'ask' | 'deny';
  /** Why, one short line each (e.g. "find -exec runs a command"). */
  reasons: string[];
  /** The simple commands found in the line, as the shell would run them (substitutions included). */
  segments: string[];
}

export type ApprovalRequest =
  | { id: string; kind: 'edit'; tool: string; changes: FileChange[] }
  | {
      id: string;
      kind: 'command';
      tool: string;
      command: string;
      judgement: CommandJudgement;
      /** Whether it will run inside the OS sandbox (folder writable, rest read-only, network off). */
      sandboxed: boolean;
      /** Set when no sandbox is available; says so to the person. */
      sandboxNote?: string;
    }
  | {
      id: string;
      kind: 'external';
      tool: string;
      /** Where the tool comes from (e.g. `mcp:github`), for the person. */
      source: string;
      /** The call's arguments as JSON, shortened when long. */
      args: string;
      /** The source says the tool only reads (a hint from the source, never a reason to skip asking). */
      readOnlyHint?: boolean;
      /** The person may answer "always allow this tool in this folder" (`remember`). */
      canRemember?: boolean;
    };

/**
 * The person's answer. For an edit, `files` may give the final text per path (hunks accepted or
 * rejected, or edited by hand); a path given with `after: null` where `before` was not null deletes the
 * file; a path listed in `rejected` is left alone. A plain `approved: true` applies the proposal as is.
 */
export const approvalDecisionSchema = z.object({
  approved: z.boolean(),
  /** Shown to the model: why, or what to do instead. */
  note: z.string().max(4000).optional(),
  files: z
    .array(z.object({ path: z.string().max(4096), after: z.string().nullable() }))
    .max(1000)
    .optional(),
  rejected: z.array(z.string().max(4096)).max(1000).optional(),
  /** For an external tool the request says `canRemember` of: allow it in this folder from now on. */
  remember: z.boolean().optional(),
});
export type ApprovalDecision = z.infer<typeof approvalDecisionSchema>;
