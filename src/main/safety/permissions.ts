// The approval mode, enforced in the core: every change and every command passes through here before it
// happens, whatever the window or the terminal shows. Nothing the model reads or writes can change the
// mode: it is fixed when the session starts, and the project's agent settings are protected paths.
import { randomUUID } from 'node:crypto';
import type {
  ApprovalDecision,
  ApprovalMode,
  ApprovalRequest,
  CommandJudgement,
  FileChange,
  ToolKind,
} from '../../shared/approval.js';
import { isInstructionFile } from '../workspace/instruction-files.js';
import type { SandboxProfile } from '../workspace/command-runner.js';
import { describeEscapes, sandboxEscapes } from './sandbox-escapes.js';

/** Asks a person; resolves with their answer. Should resolve (rejected) when the signal aborts. */
export type Approver = (request: ApprovalRequest, signal: AbortSignal) => Promise<ApprovalDecision>;

export interface SandboxState {
  /** Commands run inside an OS sandbox (folder writable, the rest read-only, network as configured). */
  available: boolean;
  /** For a person: which sandbox, or why there is none. */
  note: string;
  /** With no sandbox: ask before every command, or refuse them all. */
  whenMissing: 'ask' | 'refuse';
  /** The write profile has the network on (a setting); then nothing is left to the sandbox unasked. */
  allowNetwork?: boolean;
}

export interface PermissionsOptions {
  mode: ApprovalMode;
  /** Absent when nobody can answer (a headless run without a terminal): every question is a refusal. */
  approver?: Approver;
  judge: (command: string) => Promise<CommandJudgement>;
  sandbox: SandboxState;
  /** What the person decided about tools from other sources (MCP): only they set these, never a source. */
  external?: ExternalRules;
}

/** The person's own answers about external tools, kept per folder (src/main/mcp/state.ts). */
export interface ExternalRules {
  /** Runs without asking in ask and auto-edit. */
  allowed(tool: string): boolean;
  /** The person confirmed it only reads: plan mode may run it. */
  readOnlyConfirmed(tool: string): boolean;
  /** The person answered "always allow in this folder". */
  remember(tool: string): Promise<void>;
}

/** The changes that may be written: each file's final text (the person's edits included). */
export type EditPermission =
  | { ok: true; files: FileChange[]; rejected: string[]; edited: string[]; note?: string }
  | { ok: false; message: string };

export type CommandPermission =
  | { ok: true; judgement: CommandJudgement; asked: boolean; profile: SandboxProfile }
  | { ok: false; message: string; judgement?: CommandJudgement };

export type ExternalPermission = { ok: true; asked: boolean } | { ok: false; message: string };

/** What a mode does with a call of each kind before its specifics are known. */
export type KindRule = 'allow' | 'ask' | 'refuse';

/**
 * The mode's rule per tool kind. Commands are refined by the command policy (a read-only verdict runs in
 * every mode, a deny never runs), so their rule here is the one for a command that is not read-only.
 */
const KIND_RULES: Record<ApprovalMode, Record<ToolKind, KindRule>> = {
  plan: { read: 'allow', edit: 'refuse', command: 'refuse', external: 'refuse' },
  ask: { read: 'allow', edit: 'ask', command: 'ask', external: 'ask' },
  'auto-edit': { read: 'allow', edit: 'allow', command: 'ask', external: 'ask' },
  'full-auto': { read: 'allow', edit: 'allow', command: 'allow', external: 'allow' },
};

/** Longest argument text shown in an approval question. */
const MAX_SHOWN_ARGS = 2000;

export class Permissions {
  constructor(private readonly options: PermissionsOptions) {}

  get mode(): ApprovalMode {
    return this.options.mode;
  }

  /** The mode's rule for a kind of tool. */
  ruleFor(kind: ToolKind): KindRule {
    return KIND_RULES[this.options.mode][kind];
  }

  async edit(tool: string, changes: FileChange[], signal: AbortSignal): Promise<EditPermission> {
    const names = changes.map((c) => c.path).join(', ');
    const rule = this.ruleFor('edit');
    if (rule === 'refuse') {
      return {
        ok: false,
        message: `Plan mode is read-only: ${names} not changed. Describe the change in your answer instead.`,
      };
    }
    // Instruction files steer later sessions: a change to one is the person's to allow, but in full-auto.
    const steers = this.options.mode !== 'full-auto' && changes.some((c) => isInstructionFile(c.path));
    if (rule === 'allow' && !steers) return { ok: true, files: changes, rejected: [], edited: [] };
    const decision = await this.ask({ id: randomUUID(), kind: 'edit', tool, changes }, signal);
    if (!decision.ok) return { ok: false, message: `${names} not changed: ${decision.message}` };
    return applyDecision(changes, decision.value);
  }

  async command(tool: string, command: string, signal: AbortSignal): Promise<CommandPermission> {
    const judgement = await this.options.judge(command);
    const why = judgement.reasons.join('; ');
    if (judgement.verdict === 'deny') {
      return { ok: false, judgement, message: `Refused, this command is never run: ${why}.` };
    }
    const { sandbox } = this.options;
    const rule = this.ruleFor('command');
    if (!sandbox.available && sandbox.whenMissing === 'refuse') {
      return {
        ok: false,
        judgement,
        message: `Commands are refused: there is no OS sandbox here (${sandbox.note}) and the settings say to refuse unsandboxed commands.`,
      };
    }
    if (rule === 'refuse' && judgement.verdict !== 'read_only') {
      return {
        ok: false,
        judgement,
        message: `Plan mode runs read-only commands only; not run (${why}). Describe the command in your answer instead.`,
      };
    }
    // Sandbox-first (auto-edit with the sandbox, network off): the sandbox contains what the policy would
    // ask about, so only what it cannot contain (the network, git history) goes to the person.
    const escapes =
      judgement.verdict === 'ask' && this.sandboxFirst() ? sandboxEscapes(judgement.segments) : undefined;
    if (escapes !== undefined && escapes.length === 0) {
      return { ok: true, judgement, asked: false, profile: 'write' };
    }
    const mustAsk = !sandbox.available || (judgement.verdict === 'ask' && rule === 'ask');
    if (!mustAsk) return { ok: true, judgement, asked: false, profile: this.profileFor(false) };
    if (escapes !== undefined) {
      judgement.reasons.push(`outside what the sandbox contains: ${describeEscapes(escapes)}`);
    }
    const request: ApprovalRequest = {
      id: randomUUID(),
      kind: 'command',
      tool,
      command,
      judgement,
      sandboxed: sandbox.available,
      ...(sandbox.available ? {} : { sandboxNote: sandbox.note }),
    };
    const decision = await this.ask(request, signal);
    if (!decision.ok) return { ok: false, judgement, message: `Not run: ${decision.message}` };
    if (!decision.value.approved) {
      return { ok: false, judgement, message: `Not run: the user declined${noteOf(decision.value)}` };
    }
    return { ok: true, judgement, asked: true, profile: this.profileFor(true) };
  }

  /**
   * A tool from another source (an MCP server...): the harness cannot see what it changes, so it asks,
   * unless the person allowed that tool in this folder. Plan mode runs only tools the person confirmed
   * only read; the source's own read-only hint is shown, never trusted.
   */
  async external(
    tool: string,
    source: string,
    args: unknown,
    signal: AbortSignal,
    hints: { readOnly?: boolean } = {},
  ): Promise<ExternalPermission> {
    const rule = this.ruleFor('external');
    const rules = this.options.external;
    if (rule === 'refuse') {
      if (rules?.readOnlyConfirmed(tool)) return { ok: true, asked: false };
      return {
        ok: false,
        message: `Plan mode is read-only: ${tool} (from ${source}) not run; it may change things${hints.readOnly ? ' (its server says it only reads, which the user has not confirmed)' : ''}. Describe what you would do in your answer instead.`,
      };
    }
    if (rule === 'allow' || rules?.allowed(tool)) return { ok: true, asked: false };
    const shown = JSON.stringify(args) ?? 'null';
    const request: ApprovalRequest = {
      id: randomUUID(),
      kind: 'external',
      tool,
      source,
      args: shown.length > MAX_SHOWN_ARGS ? `${shown.slice(0, MAX_SHOWN_ARGS)}…` : shown,
      ...(hints.readOnly ? { readOnlyHint: true } : {}),
      ...(rules ? { canRemember: true } : {}),
    };
    const decision = await this.ask(request, signal);
    if (!decision.ok) return { ok: false, message: `Not run: ${decision.message}` };
    if (!decision.value.approved) {
      return { ok: false, message: `Not run: the user declined${noteOf(decision.value)}` };
    }
    if (decision.value.remember && rules) await rules.remember(tool).catch(() => {});
    return { ok: true, asked: true };
  }

  /** auto-edit with an OS sandbox whose network is off: commands are judged by what it cannot contain. */
  private sandboxFirst(): boolean {
    const { sandbox, mode } = this.options;
    return mode === 'auto-edit' && sandbox.available && sandbox.allowNetwork !== true;
  }

  /**
   * The sandbox profile a command runs in: writable where a person approved it or the mode changes
   * files unasked (auto-edit, full-auto); read-only for what runs unasked in plan and ask mode.
   */
  profileFor(asked: boolean): SandboxProfile {
    const { mode } = this.options;
    return asked || mode === 'auto-edit' || mode === 'full-auto' ? 'write' : 'read-only';
  }

  /** For a run nobody can answer: the modes that would have let this through, never the current one. */
  private whatWouldAllow(request: ApprovalRequest): string {
    const modes = request.kind === 'edit' ? ['auto-edit', 'full-auto'] : ['full-auto'];
    const others = modes.filter((m) => m !== this.options.mode);
    return others.length === 0
      ? 'the user can run it themselves'
      : `the user can allow it with approval mode ${others.map((m) => `"${m}"`).join(' or ')}`;
  }

  private async ask(
    request: ApprovalRequest,
    signal: AbortSignal,
  ): Promise<{ ok: true; value: ApprovalDecision } | { ok: false; message: string }> {
    const approver = this.options.approver;
    if (!approver) {
      return {
        ok: false,
        message: `it needs the user's approval and nobody can answer in this run (${this.whatWouldAllow(request)}).`,
      };
    }
    if (signal.aborted) return { ok: false, message: 'the run was cancelled.' };
    try {
      return { ok: true, value: await approver(request, signal) };
    } catch (error) {
      if (signal.aborted) return { ok: false, message: 'the run was cancelled.' };
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, message: `the approval could not be asked (${message}).` };
    }
  }
}

/** The person's answer applied to the proposed changes. Paths outside the request are ignored. */
export function applyDecision(changes: readonly FileChange[], decision: ApprovalDecision): EditPermission {
  const names = changes.map((c) => c.path).join(', ');
  if (!decision.approved) {
    return { ok: false, message: `the user rejected the change to ${names}${noteOf(decision)}` };
  }
  const rejected = new Set(decision.rejected ?? []);
  const finals = new Map((decision.files ?? []).map((f) => [f.path, f.after]));
  const files: FileChange[] = [];
  const edited: string[] = [];
  for (const change of changes) {
    if (rejected.has(change.path)) continue;
    const final = finals.has(change.path) ? (finals.get(change.path) ?? null) : change.after;
    if (final !== change.after) edited.push(change.path);
    // An unchanged result (every hunk rejected) is a rejection of that file.
    if (final === change.before) {
      rejected.add(change.path);
      continue;
    }
    files.push({ ...change, after: final });
  }
  const rejectedList = changes.map((c) => c.path).filter((p) => rejected.has(p));
  if (files.length === 0) {
    return { ok: false, message: `the user rejected the change to ${names}${noteOf(decision)}` };
  }
  return {
    ok: true,
    files,
    rejected: rejectedList,
    edited: edited.filter((p) => !rejected.has(p)),
    ...(decision.note ? { note: decision.note } : {}),
  };
}

/** What the model is told about a partial or edited approval, appended to the tool's result. */
export function describeApproval(permission: Extract<EditPermission, { ok: true }>): string | undefined {
  const parts: string[] = [];
  if (permission.edited.length > 0) {
    parts.push(
      `The user changed the proposed text of ${permission.edited.join(', ')} before applying it; read the file again before editing it further.`,
    );
  }
  if (permission.rejected.length > 0) {
    parts.push(`The user rejected the change to ${permission.rejected.join(', ')}; it was not written.`);
  }
  if (permission.note) parts.push(`The user says: ${permission.note}`);
  return parts.length > 0 ? parts.join('\n') : undefined;
}

function noteOf(decision: ApprovalDecision): string {
  return decision.note ? `. The user says: ${decision.note}` : '.';
}
