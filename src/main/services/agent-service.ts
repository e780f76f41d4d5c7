// The agent in the window: one run at a time in the opened folder. A message sent while a run works
// steers it (queued, drained before the next model turn); cancel aborts it; questions the core asks go
// through the approval broker; undo takes back the last turn's checkpoint. Every run is recorded in the
// session store, where the sessions service finds it; a past session can be continued (resume).
import type { AgentEvent } from '../../shared/agent-events.js';
import type { ApprovalDecision } from '../../shared/approval.js';
import type { MethodOutputs, WindowSnapshot } from '../../shared/ipc.js';
import { fail, type Failure } from '../../shared/result.js';
import type { AgentModel } from '../model/turn.js';
import type { SessionOptions } from '../agent/session.js';
import { SessionStore } from '../agent/session-store.js';
import { runStoredSession } from '../agent/stored-session.js';
import { openCheckpointStore } from '../workspace/checkpoints.js';
import { ApprovalBroker } from './approval-broker.js';
import { RunTranscript } from './run-transcript.js';
import type { McpService } from './mcp-service.js';
import type { Emit } from './event-hub.js';
import type { SettingsService } from './settings-service.js';
import type { WorkspaceService } from './workspace-service.js';

/** A model for one run; `owned` models are disposed when the run ends (the loaded GGUF is not). */
export type RunModel = { ok: true; model: AgentModel; owned: boolean } | Failure;

/** Session options a host may fix for every run (tests, the e2e bridge). */
export type RunDefaults = Partial<
  Pick<SessionOptions, 'maxSteps' | 'verify' | 'maxVerifyRounds' | 'toolChoice' | 'tools'>
>;

export interface AgentServiceOptions {
  env: NodeJS.ProcessEnv;
  emit: Emit;
  settings: SettingsService;
  workspace: WorkspaceService;
  acquireModel: (signal: AbortSignal) => Promise<RunModel>;
  runDefaults?: RunDefaults;
  /** The open folder's MCP servers: their tools join each run's. */
  mcp?: McpService;
}

interface ActiveRun {
  controller: AbortController;
  steering: string[];
  /** The loop has emitted its stop: messages sent now start a new run instead of steering this one. */
  stopped: boolean;
  sessionId: string | null;
  stopReason: string | null;
  /** Resolves with the session id once the session started, or null when it never did. */
  started: Promise<string | null>;
  done: Promise<void>;
}

export class AgentService {
  readonly approvals: ApprovalBroker;
  private run: ActiveRun | undefined;
  /** The run working now, or the last one: its events for a window that reloads. */
  private transcript: RunTranscript | undefined;
  private disposed = false;
  private readonly store: SessionStore;

  constructor(private readonly options: AgentServiceOptions) {
    this.approvals = new ApprovalBroker(options.emit);
    this.store = new SessionStore(options.env);
  }

  get running(): boolean {
    return this.run !== undefined;
  }

  /** `resume`: continue that past session with `text` (refused while a run works). */
  async send(text: string, resume?: string): Promise<MethodOutputs['agent.send']> {
    const current = this.run;
    if (resume !== undefined && current)
      return fail('busy', 'The agent is working. Wait for it to stop, then continue the session.');
    if (current && !current.stopped) {
      current.steering.push(text);
      const sessionId = await current.started;
      if (sessionId !== null) return { sessionId, steered: true };
      return fail(
        'run_not_started',
        'The run did not start, so the message was not delivered. Send it again.',
      );
    }
    if (current) await current.done;
    if (this.run) return this.send(text); // another message started a run meanwhile: steer it
    return this.start(text, resume);
  }

  /** The run as a reloaded window shows it: working or not, and the events of the last run in `root`. */
  snapshot(root: string | undefined): WindowSnapshot['run'] {
    const transcript = this.transcript?.root === root ? this.transcript : undefined;
    return {
      running: this.run !== undefined,
      sessionId: this.run?.sessionId ?? transcript?.sessionId ?? null,
      events: transcript?.events() ?? [],
    };
  }

  cancel(): MethodOutputs['agent.cancel'] {
    if (!this.run) return { cancelled: false };
    this.run.controller.abort();
    return { cancelled: true };
  }

  decide(requestId: string, decision: ApprovalDecision): MethodOutputs['agent.decide'] {
    return this.approvals.decide(requestId, decision);
  }

  async undoTurn(): Promise<MethodOutputs['agent.undoTurn']> {
    if (this.run)
      return fail('busy', 'The agent is working. Cancel the run or wait for it to stop, then undo.');
    const ws = this.options.workspace.current;
    if (!ws) return fail('no_workspace', 'No folder is open. Open a folder first.');
    const store = await openCheckpointStore(ws, { dir: this.store.checkpointsDir(ws.root) });
    const report = await store.undoLast('turn');
    if (!report.ok) return report;
    return { restored: [...report.restored, ...report.removed].sort(), checkpointId: report.id };
  }

  /** Cancels the run (if any) and waits for it to end. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const run = this.run;
    if (!run) return;
    run.controller.abort();
    await run.done;
  }

  private async start(text: string, resume?: string): Promise<MethodOutputs['agent.send']> {
    if (this.disposed) return fail('closed', 'The app is closing.');
    const ws = this.options.workspace.current;
    if (!ws) return fail('no_workspace', 'No folder is open. Open a folder first.');
    const { emit } = this.options;
    let markStarted: (id: string | null) => void = () => {};
    const run: ActiveRun = {
      controller: new AbortController(),
      steering: [],
      stopped: false,
      sessionId: null,
      stopReason: null,
      started: new Promise((resolve) => (markStarted = resolve)),
      done: Promise.resolve(),
    };
    // Taken before the model is ready, so a second message meanwhile steers this run.
    this.run = run;
    const transcript = new RunTranscript(ws.root);
    this.transcript = transcript;
    const signal = run.controller.signal;
    // Looked up before the model is acquired: a session of another folder fails at once.
    const found = resume === undefined ? undefined : await this.store.find(resume, ws.root);
    if (found && !found.ok) {
      this.run = undefined;
      markStarted(null);
      const open = found.code === 'wrong_folder' ? ' Open that folder to continue it.' : '';
      return fail(found.code, `${found.message}${open}`);
    }
    const acquired = await this.options
      .acquireModel(signal)
      .catch((error: unknown): RunModel =>
        fail('model_load_failed', `The model could not be opened: ${String(error)}`),
      );
    if (!acquired.ok || signal.aborted) {
      if (acquired.ok && acquired.owned) await acquired.model.dispose();
      this.run = undefined;
      markStarted(null);
      return acquired.ok ? fail('cancelled', 'The run was cancelled before it started.') : acquired;
    }
    const settings = await this.options.settings.get();
    const mcp = await this.options.mcp?.forRun(settings.approvalMode, acquired.model);
    const onEvent = (event: AgentEvent) => {
      if (event.type === 'session_start') {
        run.sessionId = event.sessionId;
        emit({ type: 'run_state', running: true, sessionId: event.sessionId });
        markStarted(event.sessionId);
      }
      if (event.type === 'stop') {
        run.stopped = true;
        run.stopReason = event.reason;
      }
      transcript.add(event);
      emit({ type: 'agent', event });
    };
    const session = runStoredSession(this.store, {
      ...this.options.runDefaults,
      ...(found ? { resume: found } : {}),
      workspace: ws,
      model: acquired.model,
      task: text,
      onEvent,
      signal,
      checks: settings.checks,
      approvalMode: settings.approvalMode,
      approver: this.approvals.ask,
      sandbox: { allowNetwork: settings.allowNetwork, whenMissing: settings.noSandbox },
      steering: { take: () => run.steering.splice(0) },
      ...(mcp ?? {}),
    });
    run.done = session
      .then(
        () => undefined,
        (error: unknown) => {
          // A bug below the loop: the window still gets a stop with a reason.
          if (!run.stopped) {
            const message = `The run failed: ${error instanceof Error ? error.message : String(error)}`;
            onEvent({ type: 'stop', reason: 'error', message, steps: 0 });
          }
        },
      )
      .then(async () => {
        this.approvals.closeAll('the run ended');
        if (acquired.owned) await acquired.model.dispose().catch(() => undefined);
        markStarted(null);
        this.run = undefined;
        emit({ type: 'run_state', running: false, sessionId: run.sessionId });
        // Sent after the loop's last look (e.g. while the checks ran): the next run's task.
        const late = run.steering.splice(0);
        if (late.length > 0 && run.stopReason !== 'cancelled' && !this.disposed) {
          void this.start(late.join('\n\n'));
        }
      });
    const sessionId = await Promise.race([run.started, run.done.then(() => null)]);
    if (sessionId === null)
      return fail('run_failed', 'The run ended before it started; see the events for why.');
    return { sessionId, steered: false };
  }
}
