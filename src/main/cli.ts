// Headless runner: the same agent as the window, from a terminal.
//   npm run agent -- --folder DIR --model MODEL "task"
// Exit code 0 only when the run stops with `done` (and its checks did not fail); 1 otherwise; 2 for bad input.
import path from 'node:path';
import { ModelError, type AgentModel } from './model/turn.js';
import { DEFAULT_APPROVAL_MODE } from './agent/session.js';
import { SessionStore } from './agent/session-store.js';
import { runStoredSession } from './agent/stored-session.js';
import { APPROVAL_MODES, type ApprovalMode } from '../shared/approval.js';
import { parseCliArgs, printUsageError } from './cli-args.js';
import { terminalApprover } from './cli-approver.js';
import { openModel } from './model/open-model.js';
import { TOOL_MODES, type ToolMode } from './model/engine/prompt.js';
import { isEngineSpec } from './model/engine/spec.js';
import { resolveSpeculation } from './model/speculation.js';
import { builtInTools, TOOL_NAMES } from './tools/index.js';
import { McpHub } from './mcp/hub.js';
import { openWorkspace } from './workspace/workspace.js';
import { createProgressPrinter } from './cli-output.js';
import { runModelsCommand, printRuntimeInfo } from './cli-models.js';
import { runUndoCommand } from './cli-undo.js';
import { describeLookupFailure, runSessionsCommand, takeResumeArg } from './cli-sessions.js';
import { loadModelSettings } from './model/library.js';

const USAGE = `Usage: local-coder --folder DIR --model MODEL [options] "task"

  --folder DIR         the project folder the agent works in (required)
  --model MODEL        a .gguf file; openai:http://HOST:PORT/v1#NAME for a model on an OpenAI-compatible
                       engine (llama-server, Ollama, LM Studio, vLLM; key from LOCAL_CODER_API_KEY or
                       OPENAI_API_KEY); or script:FILE.json for the scripted model (required)
  --json               one JSON event per line on stdout
  --max-steps N        model turns before stopping with max_steps (default 40)
  --context-size N     context window in tokens (default: fitted to the model and machine)
  --lookup MODE        prompt-lookup speculation: auto (default: on a GPU, off on the CPU), on, off
  --draft-model FILE   a smaller GGUF with the model's tokenizer drafts tokens (speculative decoding)
  --no-draft           no draft model, even if the settings name one
  --tool-mode MODE     engine models: native, schema or text tool calls (default: probed once)
  --tool-choice MODE   auto (default), first (the first turn must call a tool) or required (every turn)
  --tools LIST         comma-separated tools the agent may use (default: all)
  --no-verify          do not run the project's checks before finishing (default: run them)
  --check NAME=CMD     set (or with an empty CMD, drop) one check; repeatable
  --resume [ID]        continue session ID (default: the folder's latest) with the task as the next
                       message; its compacted conversation is restored
  --transcript FILE    where to write the JSONL transcript (default: the session's folder)
  --no-transcript      write no transcript
  --approval MODE      plan (read-only), ask (before every change and command), auto-edit (default:
                       edits apply, commands that are not read-only ask) or full-auto
  --allow-network      commands may use the network inside the sandbox (default: off)
  --unsandboxed WHAT   where no OS sandbox exists: ask (default) before every command, or refuse them
  --mcp-config FILE    your MCP servers from FILE instead of the data folder's mcp.json
  --no-mcp             no MCP servers for this run
  --trust-project-mcp  start the folder's own MCP servers (.local-coder.json) without trusting them
                       first with "local-coder mcp trust"
  --info               print the compute backend, devices, VRAM/RAM (and why CPU, if so), then exit
  -h, --help           this text

       local-coder undo --folder DIR [--turn | --to ID | --list]
       local-coder sessions [--folder DIR] [--json]
       local-coder mcp list --folder DIR        (and trust, untrust, allow: mcp --help)
       local-coder models --help
       local-coder eval --help`;

class UsageError extends Error {}

interface CliOptions {
  folder: string;
  model: string;
  task: string;
  json: boolean;
  maxSteps?: number;
  contextSize?: number;
  speculation: { lookup?: string; draftModel?: string; noDraft: boolean };
  toolMode?: ToolMode;
  /** A file; null for none; absent for the session's own transcript. */
  transcript?: string | null;
  toolChoice: 'auto' | 'first' | 'required';
  tools?: string[];
  verify: boolean;
  checks: Record<string, string | null>;
  approval: ApprovalMode;
  allowNetwork: boolean;
  unsandboxed: 'ask' | 'refuse';
  /** null: no MCP servers. */
  mcp: { userFile?: string; trustProject: boolean } | null;
}

const TOOL_CHOICES = ['auto', 'first', 'required'] as const;

function positiveInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new UsageError(`${name} must be a positive whole number, got "${value}".`);
  return n;
}

function parseCli(argv: string[]): CliOptions | 'help' | { info: true; json: boolean } {
  const parsed = parseCliArgs({
    args: argv,
    allowPositionals: true,
    options: {
      folder: { type: 'string' },
      model: { type: 'string' },
      json: { type: 'boolean', default: false },
      'max-steps': { type: 'string' },
      'context-size': { type: 'string' },
      lookup: { type: 'string' },
      'draft-model': { type: 'string' },
      'no-draft': { type: 'boolean', default: false },
      'tool-mode': { type: 'string' },
      'tool-choice': { type: 'string', default: 'auto' },
      tools: { type: 'string' },
      'no-verify': { type: 'boolean', default: false },
      verify: { type: 'boolean', default: false },
      check: { type: 'string', multiple: true },
      transcript: { type: 'string' },
      'no-transcript': { type: 'boolean', default: false },
      approval: { type: 'string', default: DEFAULT_APPROVAL_MODE },
      'allow-network': { type: 'boolean', default: false },
      unsandboxed: { type: 'string', default: 'ask' },
      'mcp-config': { type: 'string' },
      'no-mcp': { type: 'boolean', default: false },
      'trust-project-mcp': { type: 'boolean', default: false },
      info: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (!parsed.ok) throw new UsageError(parsed.message);
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (values.info) return { info: true, json: values.json };
  if (!values.folder) throw new UsageError('--folder is required.');
  if (!values.model) {
    throw new UsageError('--model is required (a .gguf file, openai:URL#model or script:FILE.json).');
  }
  const toolMode = values['tool-mode'];
  if (toolMode !== undefined && !TOOL_MODES.includes(toolMode as ToolMode)) {
    throw new UsageError(`--tool-mode must be one of ${TOOL_MODES.join(', ')}.`);
  }
  if (toolMode !== undefined && !isEngineSpec(values.model)) {
    throw new UsageError('--tool-mode is for a model on an engine (--model openai:URL#model).');
  }
  const task = positionals.join(' ').trim();
  if (!task) throw new UsageError('A task is required, e.g. "fix the failing test".');
  const toolChoice = TOOL_CHOICES.find((c) => c === values['tool-choice']);
  if (!toolChoice) throw new UsageError(`--tool-choice must be one of ${TOOL_CHOICES.join(', ')}.`);
  const tools = values.tools
    ?.split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  // An MCP tool (`server__tool`) is known only once its server lists it: a wrong name just matches none.
  const unknown = tools?.filter((t) => !TOOL_NAMES.includes(t) && !t.includes('__')) ?? [];
  if (unknown.length > 0) {
    throw new UsageError(
      `Unknown tool ${unknown.join(', ')}; available: ${TOOL_NAMES.join(', ')} and MCP tools (server__tool).`,
    );
  }
  if (values['no-mcp'] && (values['mcp-config'] || values['trust-project-mcp'])) {
    throw new UsageError('--no-mcp cannot go with --mcp-config or --trust-project-mcp.');
  }
  const approval = APPROVAL_MODES.find((m) => m === values.approval);
  if (!approval) throw new UsageError(`--approval must be one of ${APPROVAL_MODES.join(', ')}.`);
  const unsandboxed =
    values.unsandboxed === 'ask' || values.unsandboxed === 'refuse' ? values.unsandboxed : null;
  if (!unsandboxed) throw new UsageError('--unsandboxed must be ask or refuse.');
  const checks: Record<string, string | null> = {};
  for (const spec of values.check ?? []) {
    const eq = spec.indexOf('=');
    if (eq <= 0)
      throw new UsageError(`--check takes NAME=COMMAND (an empty COMMAND drops the check), got "${spec}".`);
    const command = spec.slice(eq + 1).trim();
    checks[spec.slice(0, eq).trim()] = command === '' ? null : command;
  }
  return {
    folder: values.folder,
    model: values.model,
    task,
    json: values.json,
    maxSteps: positiveInt('--max-steps', values['max-steps']),
    contextSize: positiveInt('--context-size', values['context-size']),
    speculation: {
      ...(values.lookup !== undefined ? { lookup: values.lookup } : {}),
      ...(values['draft-model'] !== undefined ? { draftModel: path.resolve(values['draft-model']) } : {}),
      noDraft: values['no-draft'],
    },
    ...(toolMode !== undefined ? { toolMode: toolMode as ToolMode } : {}),
    toolChoice,
    tools,
    verify: !values['no-verify'],
    checks,
    approval,
    allowNetwork: values['allow-network'],
    unsandboxed,
    mcp: values['no-mcp']
      ? null
      : {
          ...(values['mcp-config'] ? { userFile: path.resolve(values['mcp-config']) } : {}),
          trustProject: values['trust-project-mcp'],
        },
    transcript: values['no-transcript']
      ? null
      : values.transcript === undefined
        ? undefined
        : path.resolve(values.transcript),
  };
}

export async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'undo') return runUndoCommand(argv.slice(1));
  if (argv[0] === 'models') return runModelsCommand(argv.slice(1));
  if (argv[0] === 'mcp') return (await import('./cli-mcp.js')).runMcpCommand(argv.slice(1));
  if (argv[0] === 'eval') return (await import('./cli-eval.js')).runEvalCommand(argv.slice(1));
  const store = new SessionStore();
  if (argv[0] === 'sessions') return runSessionsCommand(argv.slice(1), store);
  const { argv: rest, resume } = takeResumeArg(argv);
  let options;
  try {
    options = parseCli(rest);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return printUsageError(error.message, USAGE);
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if ('info' in options) {
    await printRuntimeInfo({ json: options.json });
    return 0;
  }

  const opened = await openWorkspace(options.folder);
  if (!opened.ok) {
    process.stderr.write(`error: ${opened.message}\n`);
    return 2;
  }
  // Looked up before the model loads: a wrong id fails at once.
  const found = resume ? await store.find(resume.id, opened.workspace.root) : undefined;
  if (found && !found.ok) {
    process.stderr.write(`error: ${describeLookupFailure(found, options.folder)}\n`);
    return 2;
  }
  const controller = new AbortController();
  let model: AgentModel;
  try {
    // An explicit --context-size is the most to use; otherwise the bounds from the model settings.
    const saved = await loadModelSettings();
    const contextSize = options.contextSize ?? saved.context;
    const speculation = resolveSpeculation(options.speculation, saved.speculation);
    if (!speculation.ok) throw new UsageError(speculation.message);
    model = await openModel(options.model, {
      contextSize,
      signal: controller.signal,
      speculation: speculation.speculation,
      ...(options.toolMode ? { engine: { toolMode: options.toolMode } } : {}),
    });
  } catch (error) {
    if (!(error instanceof ModelError)) throw error;
    process.stderr.write(`error: ${error.message} [${error.code}]\n`);
    return 2;
  }
  if (model.about) process.stderr.write(`${model.id}: ${model.about}\n`);

  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write('\ncancelling (press Ctrl-C again to quit now)\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  const printer = createProgressPrinter({ json: options.json });
  const mcp = options.mcp
    ? new McpHub({
        root: opened.workspace.root,
        allowNetwork: options.allowNetwork,
        ...(options.mcp.userFile ? { userFile: options.mcp.userFile } : {}),
        trustProject: options.mcp.trustProject,
      })
    : undefined;
  if (mcp) {
    mcp.useTokenizer(model.countTokens ? (text) => model.countTokens?.(text) ?? 0 : undefined);
    await mcp.setMode(options.approval);
  }
  try {
    const result = await runStoredSession(store, {
      ...(found ? { resume: found } : {}),
      workspace: opened.workspace,
      model,
      task: options.task,
      signal: controller.signal,
      maxSteps: options.maxSteps,
      toolChoice: options.toolChoice,
      tools: options.tools,
      verify: options.verify,
      checks: options.checks,
      transcriptFile: options.transcript,
      onEvent: printer,
      approvalMode: options.approval,
      sandbox: { allowNetwork: options.allowNetwork, whenMissing: options.unsandboxed },
      ...(mcp ? { toolSources: [builtInTools, mcp.toolSource()], externalRules: mcp } : {}),
      // Only a person at a terminal can answer; a piped run refuses what would need asking.
      ...(process.stdin.isTTY && process.stderr.isTTY ? { approver: terminalApprover() } : {}),
    });
    const transcript =
      options.transcript === undefined ? store.files(result.sessionId).transcript : options.transcript;
    if (transcript) process.stderr.write(`transcript: ${transcript}\n`);
    process.stderr.write(`session: ${result.sessionId} (continue it with --resume)\n`);
    // `done` with checks that still fail is not a success for a script waiting on the exit code.
    return result.reason === 'done' && result.verification?.status !== 'failed' ? 0 : 1;
  } finally {
    process.off('SIGINT', onSigint);
    await mcp?.close();
    await model.dispose();
  }
}

const isEntry = process.argv[1] && /cli\.(ts|js|mjs)$/.test(process.argv[1]);
if (isEntry) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(
        `internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(70);
    },
  );
}
