// One agent run against an opened folder: wires the workspace, tools, transcript and loop together.
// Shared by the headless runner and the window.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { AgentEvent } from '../../shared/agent-events.js';
import { builtInTools } from '../tools/index.js';
import { loadTools, type ToolSource } from '../tools/tool-registry.js';
import { DEFAULT_LIMITS, type ToolLimits } from '../tools/types.js';
import {
  createCommandRunner,
  notRunResult,
  type CommandRunner,
  type SandboxProfile,
} from '../workspace/command-runner.js';
import type { ApprovalMode } from '../../shared/approval.js';
import { Permissions, type Approver, type ExternalRules, type SandboxState } from '../safety/permissions.js';
import { judgeCommand } from '../safety/command-policy.js';
import { watchGitTrust } from '../safety/git-trust.js';
import { detectSandbox, type SandboxInfo } from '../safety/sandbox.js';
import { osSandbox } from '../safety/os-sandbox.js';
import { folderPolicy, scanFolder } from '../safety/sandbox-scan.js';
import { ReadTracker } from '../workspace/read-tracker.js';
import type { Workspace } from '../workspace/workspace.js';
import { runAgent, type AgentRunOptions, type AgentRunResult } from './agent-loop.js';
import type { HarnessFeatures } from './features.js';
import { taskAsksForChange } from './narration.js';
import type { AgentModel, Message } from '../model/turn.js';
import { loadProjectInstructions } from './project-instructions.js';
import { buildSystemPrompt } from './system-prompt.js';
import { TranscriptWriter } from './transcript.js';
import { SessionStore } from './session-store.js';
import { planBudget, tokenCounter } from '../context/budget.js';
import { RepoMap } from '../context/repo-map.js';
import { openCheckpointStore } from '../workspace/checkpoints.js';
import {
  createSyntaxChecker,
  createVerificationGate,
  loadProjectChecks,
  type CheckOverrides,
} from './verification/index.js';

export interface SessionOptions {
  workspace: Workspace;
  model: AgentModel;
  task: string;
  onEvent?: (event: AgentEvent) => void;
  signal?: AbortSignal;
  maxSteps?: number;
  /** JSONL transcript path; none is written when absent. */
  transcriptFile?: string;
  limits?: Partial<ToolLimits>;
  toolChoice?: AgentRunOptions['toolChoice'];
  /** Names of the tools the agent may use; all when absent. */
  tools?: readonly string[];
  /** Where the tools come from, in order (a name's first tool wins); default the built-in tools. */
  toolSources?: readonly ToolSource[];
  /** The person's own rules for tools from other sources (MCP): allowed, confirmed read-only. */
  externalRules?: ExternalRules;
  /** Where full tool outputs too long for the context are kept; default the session's data folder. */
  spillDir?: string;
  /** Run the project's checks before the run may end `done` (default true). */
  verify?: boolean;
  /** The user's word on the checks, over detection and the project file: a command, or null to drop one. */
  checks?: CheckOverrides;
  maxVerifyRounds?: number;
  /** Take a checkpoint of every turn's changes so they can be undone (default true). */
  checkpoints?: boolean;
  /** Where checkpoints go; default the app's data folder. */
  checkpointsDir?: string;
  /** Enforced on every change and command (default `auto-edit`). Fixed for the run. */
  approvalMode?: ApprovalMode;
  /** Asks the person; absent when nobody can answer, and then every question is a refusal. */
  approver?: Approver;
  /** The OS sandbox for commands: network access, and what to do where there is no sandbox. */
  sandbox?: { allowNetwork: boolean; whenMissing: 'ask' | 'refuse' };
  /** Messages the person sends while the run works (drained before each turn). */
  steering?: { take(): string[] };
  /** Harness features to switch off (all on by default; the eval's ablation turns them off one by one). */
  features?: Partial<HarnessFeatures>;
  /** Whether the task asks for files to change; default read from its wording (never in plan mode). */
  expectChange?: boolean;
  /** The session's id in the session store; a new id when absent. */
  sessionId?: string;
  /** The run's number within its session (1-based; a resumed session counts on). */
  run?: number;
  /** A conversation saved by an earlier run, continued: `task` is then the person's next message. */
  history?: readonly Message[];
  /** What the agent has read (a resumed session starts from what its earlier runs saw). */
  reads?: ReadTracker;
}

export const DEFAULT_APPROVAL_MODE: ApprovalMode = 'auto-edit';

/** Command output is shaped in tokens by the context engine (with a spill file); the tool's own cap is only a memory bound. */
const COMMAND_OUTPUT_CHARS = 200_000;

export interface SessionResult extends AgentRunResult {
  sessionId: string;
}

/**
 * The task, followed by a repository map fitted to the window's map budget and ranked for the task.
 * Rendered once, into the pinned task message, so it never disturbs the cached prompt prefix.
 */
async function withRepoMap(task: string, workspace: Workspace, model: AgentModel, signal?: AbortSignal) {
  const budgetTokens = planBudget(model.contextSize).repoMap;
  if (budgetTokens === 0) return task;
  const map = new RepoMap(workspace);
  await map.build(signal);
  const rendered = map.render({ budgetTokens, countTokens: tokenCounter(model), mentions: [task] });
  return rendered.text.trim() === '' ? task : `${task}\n\n${REPO_MAP_HEADER}\n${rendered.text}`;
}

export const REPO_MAP_HEADER =
  'Repository map (files most relevant to the task first, with their main symbols):';

export async function runSession(options: SessionOptions): Promise<SessionResult> {
  const sessionId = options.sessionId ?? randomUUID();
  const transcript = options.transcriptFile ? new TranscriptWriter(options.transcriptFile) : undefined;
  const emit = (event: AgentEvent) => {
    transcript?.write(event);
    options.onEvent?.(event);
  };
  const { workspace, model, task } = options;
  const instructions = await loadProjectInstructions(workspace.root);
  emit({
    type: 'session_start',
    sessionId,
    folder: workspace.root,
    model: model.id,
    task,
    time: new Date().toISOString(),
    ...(options.run !== undefined && options.run > 1 ? { run: options.run } : {}),
    ...(instructions ? { instructionFiles: instructions.files } : {}),
  });
  try {
    const warn = (code: string, message: string) => emit({ type: 'warning', step: 0, code, message });
    const { runner, permissions, sandbox } = await commandSetup(workspace, options, warn);
    if (!sandbox.available) {
      const then = sandbox.whenMissing === 'ask' ? 'every command asks first' : 'commands are refused';
      emit({
        type: 'warning',
        step: 0,
        code: 'no_sandbox',
        message: `No OS sandbox: ${sandbox.note}; ${then}.`,
      });
    }
    // Checks are read once, at the start: the agent may edit the project file that defines them.
    const loaded =
      options.verify === false ? undefined : await loadProjectChecks(workspace.root, options.checks);
    if (loaded?.warning)
      emit({ type: 'warning', step: 0, code: 'bad_project_file', message: loaded.warning });
    const checkpoints =
      options.checkpoints === false
        ? undefined
        : await openCheckpointStore(workspace, {
            sessionId,
            ...(options.run !== undefined ? { run: options.run } : {}),
            label: task.slice(0, 200),
            ...(options.checkpointsDir ? { dir: options.checkpointsDir } : {}),
          });
    const result = await runAgent({
      model,
      tools: await sessionTools(options, warn),
      toolContext: {
        ws: workspace,
        reads: options.reads ?? new ReadTracker(),
        commands: runner,
        limits: { ...DEFAULT_LIMITS, outputChars: COMMAND_OUTPUT_CHARS, ...options.limits },
        spillDir: options.spillDir ?? new SessionStore().files(sessionId).spill,
        checkpoints,
        permissions,
        // Checkers only parse, yet run programs: in the sandbox, or asked like any command without one.
        afterWrite: createSyntaxChecker({
          root: workspace.root,
          runner: sandbox.available ? runner : askFirst(runner, permissions, 'syntax_check'),
          ...(options.signal ? { signal: options.signal } : {}),
        }),
      },
      finishGate: loaded
        ? createVerificationGate({
            workspace,
            checks: loaded.checks,
            // Without a sandbox the project's checks follow the same setting as commands (ask or refuse).
            runner: sandbox.available
              ? withProfile(runner, permissions.profileFor(false))
              : askFirst(runner, permissions),
            maxRounds: options.maxVerifyRounds,
          })
        : undefined,
      systemPrompt: buildSystemPrompt({
        folderName: path.basename(workspace.root),
        readOnly: permissions.mode === 'plan',
        os: process.platform,
        projectInstructions: instructions,
      }),
      // A continued conversation keeps its pinned task (and map) as it was: the cached prefix stays valid.
      task:
        options.history || options.features?.repoMap === false
          ? task
          : await withRepoMap(task, workspace, model, options.signal),
      ...(options.history ? { history: options.history } : {}),
      onEvent: emit,
      signal: options.signal,
      maxSteps: options.maxSteps,
      toolChoice: options.toolChoice,
      steering: options.steering,
      features: options.features,
      expectChange: permissions.mode !== 'plan' && (options.expectChange ?? taskAsksForChange(task)),
    });
    return { ...result, sessionId };
  } finally {
    await transcript?.close();
  }
}

/** The session's tools from its sources; a tool or source left out is a warning, not a failed run. */
async function sessionTools(options: SessionOptions, warn: (code: string, message: string) => void) {
  const loaded = await loadTools(options.toolSources ?? [builtInTools], options.tools, options.signal);
  for (const problem of loaded.problems) warn('tool_left_out', problem);
  return loaded.registry;
}

/**
 * The command runner (inside the OS sandbox where there is one) and the permissions every change and
 * command passes through. The protected paths are read-only inside the sandbox too.
 */
async function commandSetup(
  workspace: Workspace,
  options: SessionOptions,
  warn: (code: string, message: string) => void,
): Promise<{ runner: CommandRunner; permissions: Permissions; sandbox: SandboxState }> {
  const settings = options.sandbox ?? { allowNetwork: false, whenMissing: 'ask' as const };
  const info = await detectSandbox();
  const mode = options.approvalMode ?? DEFAULT_APPROVAL_MODE;
  const runner = info.available
    ? sandboxedRunner(workspace, info, { allowNetwork: settings.allowNetwork, mode }, warn)
    : createCommandRunner();
  const sandbox: SandboxState = {
    available: info.available,
    note: info.note,
    whenMissing: settings.whenMissing,
    allowNetwork: settings.allowNetwork,
  };
  // The repository as the session found it: once its .git or config changes, git is never read-only.
  const gitTrust = await watchGitTrust(workspace.root);
  const permissions = new Permissions({
    mode,
    ...(options.approver ? { approver: options.approver } : {}),
    // bubblewrap's /tmp is private: writes there are contained (`npm test > /tmp/log` is not outside).
    judge: async (command) =>
      judgeCommand(command, {
        root: workspace.root,
        ...(info.kind === 'bwrap' ? { privateTmp: true } : {}),
        ...((await gitTrust.changed()) ? { untrustedGit: true } : {}),
      }),
    sandbox,
    ...(options.externalRules ? { external: options.externalRules } : {}),
  });
  return { runner, permissions, sandbox };
}

/**
 * Runs every command in the sandbox, with the folder's scan (nested .git, hard links) in its policy. The
 * scan starts now and is awaited by the first command (a syntax check after an edit included): a run
 * that only reads never waits for it.
 */
function sandboxedRunner(
  workspace: Workspace,
  info: SandboxInfo,
  { allowNetwork, mode }: { allowNetwork: boolean; mode: ApprovalMode },
  warn: (code: string, message: string) => void,
): CommandRunner {
  const scanned = scanFolder(workspace.root);
  let sandboxed: CommandRunner | undefined;
  return {
    async run(command, opts) {
      const scan = await untilAborted(scanned, opts.signal);
      if (!scan) return { ...notRunResult('cancelled before it started'), cancelled: true };
      if (!sandboxed) {
        for (const note of scan.notes) warn('sandbox_scan', note);
        const extraProtected = workspace.protectedDirs;
        const policy = folderPolicy(workspace.root, { allowNetwork, extraProtected }, scan);
        // Instruction files change only through the edit tools (which ask), but in full-auto.
        const instructionsWritable = mode === 'full-auto';
        sandboxed = createCommandRunner({ sandbox: osSandbox(info, policy, { instructionsWritable }) });
      }
      return sandboxed.run(command, opts);
    },
  };
}

/** The promise's value, or undefined once the signal aborts first. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T | undefined> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    void promise.then((value) => {
      signal.removeEventListener('abort', onAbort);
      resolve(value);
    });
  });
}

/** The project's checks run unasked: in the profile of an unasked command of the mode. */
function withProfile(runner: CommandRunner, profile: SandboxProfile): CommandRunner {
  return { run: (command, opts) => runner.run(command, { profile, ...opts }) };
}

/** A runner that asks the permissions before each command (the checks, where there is no sandbox). */
export function askFirst(runner: CommandRunner, permissions: Permissions, tool = 'checks'): CommandRunner {
  return {
    async run(command, opts) {
      const allowed = await permissions.command(tool, command, opts.signal ?? new AbortController().signal);
      return allowed.ok ? runner.run(command, opts) : notRunResult(allowed.message);
    },
  };
}
