// `local-coder undo`: take back what the agent did in a folder, from the checkpoints of its runs.
//   undo --folder DIR            undo the last run (all of its turns)
//   undo --folder DIR --turn     undo only the last turn
//   undo --folder DIR --to ID    restore an older checkpoint
//   undo --folder DIR --list     list checkpoints, newest first
import { SessionStore } from './agent/session-store.js';
import { parseCliArgs, printUsageError } from './cli-args.js';
import { openCheckpointStore } from './workspace/checkpoints.js';
import { openWorkspace } from './workspace/workspace.js';

export const UNDO_USAGE = `Usage: local-coder undo --folder DIR [--turn | --to ID | --list]`;

export async function runUndoCommand(argv: string[]): Promise<number> {
  const parsed = parseCliArgs({
    args: argv,
    options: {
      folder: { type: 'string' },
      turn: { type: 'boolean', default: false },
      to: { type: 'string' },
      list: { type: 'boolean', default: false },
    },
  });
  if (!parsed.ok) return printUsageError(parsed.message, UNDO_USAGE);
  const { values } = parsed;
  if (!values.folder) return printUsageError('--folder is required.', UNDO_USAGE);
  const opened = await openWorkspace(values.folder);
  if (!opened.ok) {
    process.stderr.write(`error: ${opened.message}\n`);
    return 2;
  }
  const dir = new SessionStore().checkpointsDir(opened.workspace.root);
  const store = await openCheckpointStore(opened.workspace, { dir });
  if (values.list) {
    const list = await store.list();
    if (list.length === 0) process.stdout.write('no checkpoints for this folder\n');
    for (const c of list) {
      const what = c.label ? ` ${JSON.stringify(c.label)}` : '';
      process.stdout.write(
        `${c.id}  ${c.createdAt}  ${c.kind}${c.turn !== undefined ? ` turn ${c.turn}` : ''}${c.undone ? ' (undone)' : ''}  ${c.files.length} files${what}\n`,
      );
    }
    return 0;
  }
  const result = values.to
    ? await store.restore(values.to)
    : await store.undoLast(values.turn ? 'turn' : 'session');
  if (!result.ok) {
    process.stderr.write(`error: ${result.message} (${result.code})\n`);
    return 1;
  }
  process.stdout.write(
    `restored ${result.restored.length} files, removed ${result.removed.length}, unchanged ${result.unchanged}` +
      (result.backupId
        ? `; to redo, run: local-coder undo --folder ${values.folder} --to ${result.backupId}`
        : '') +
      '\n',
  );
  if (result.notCaptured.length > 0) {
    process.stdout.write(
      `not restored (over the checkpoint size limits): ${result.notCaptured.join(', ')}\n`,
    );
  }
  return 0;
}
