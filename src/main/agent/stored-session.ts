// A run recorded in the session store: a new session, or one continued from the conversation its last
// run saved. The runner and the window both start runs here, so a session's files are where the store
// says, whoever ran it, and a resumed run is checkpointed (as its own run) like any other.
import type { AgentEvent } from '../../shared/agent-events.js';
import { runSession, type SessionOptions, type SessionResult } from './session.js';
import type { SavedConversation } from './saved-conversation.js';
import type { SessionMeta, SessionStore } from './session-store.js';
import { ReadTracker } from '../workspace/read-tracker.js';

/** Everything runSession takes except what the store decides. */
export type StoredRunOptions = Omit<
  SessionOptions,
  'sessionId' | 'run' | 'history' | 'reads' | 'spillDir' | 'checkpointsDir' | 'transcriptFile'
> & {
  /** A session found by SessionStore.find: the run continues it, `task` being the next message. */
  resume?: { meta: SessionMeta; conversation: SavedConversation };
  /** Where the transcript goes instead of the session's folder; null writes none. */
  transcriptFile?: string | null;
};

export async function runStoredSession(
  store: SessionStore,
  options: StoredRunOptions,
): Promise<SessionResult> {
  const { resume, transcriptFile, workspace, model, ...rest } = options;
  // Read again: another run may have ended since the session was found (its run count moved on).
  const current = resume ? ((await store.read(resume.meta.id)) ?? resume.meta) : undefined;
  const created =
    current ?? (await store.create({ folder: workspace.root, model: model.id, task: options.task }));
  const meta = await store.beginRun(created, model.id);
  const files = store.files(meta.id);
  const previous = resume?.conversation;
  const reads = new ReadTracker(previous?.reads);
  let result: SessionResult | undefined;
  try {
    result = await runSession({
      ...rest,
      workspace,
      model,
      sessionId: meta.id,
      run: meta.runs,
      ...(previous ? { history: previous.messages } : {}),
      reads,
      ...(transcriptFile === null ? {} : { transcriptFile: transcriptFile ?? files.transcript }),
      spillDir: files.spill,
      checkpointsDir: store.checkpointsDir(workspace.root),
      onEvent: withResumeNote(options.onEvent, previous, model.id),
    });
  } finally {
    const saved: SavedConversation | undefined = result && {
      version: 1,
      model: model.id,
      folder: workspace.root,
      run: meta.runs,
      savedAt: new Date().toISOString(),
      messages: result.messages,
      reads: reads.entries(),
    };
    // A run that threw (a bug) leaves the session marked unfinished, its earlier conversation intact.
    await store.endRun(meta, result?.reason ?? null, saved);
  }
  return result;
}

/** After session_start, says when the saved conversation was held by another model (nothing is cached). */
function withResumeNote(
  onEvent: ((event: AgentEvent) => void) | undefined,
  previous: SavedConversation | undefined,
  modelId: string,
): ((event: AgentEvent) => void) | undefined {
  if (!onEvent || !previous || previous.model === modelId) return onEvent;
  return (event) => {
    onEvent(event);
    if (event.type !== 'session_start') return;
    onEvent({
      type: 'warning',
      step: 0,
      code: 'resume_model_changed',
      message: `This session was held by ${previous.model}; ${modelId} reads the whole conversation anew.`,
    });
  };
}
