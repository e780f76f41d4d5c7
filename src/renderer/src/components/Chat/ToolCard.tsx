// One tool call: what ran, with which arguments, how it ended and how long it took. Output (and what the
// tool made for the window: a diff, a command's exit) is collapsed until asked for; progress text shows
// while it runs.
import { memo, useState } from 'react';
import type { ChatItem } from '../../chat/chat-model';
import { formatDuration, summarizeArgs } from '../../lib/format';
import { SpillButton, spillName } from './SpillView';
import { ToolResultBadge, ToolResultBody } from './ToolResultView';

type ToolItem = Extract<ChatItem, { kind: 'tool' }>;

/** Live text lines shown while a tool runs. */
const LIVE_LINES = 6;

const STATUS_LABEL = { running: 'running', ok: 'ok', failed: 'failed' } as const;

export const ToolCard = memo(function ToolCard({ item }: { item: ToolItem }) {
  const [open, setOpen] = useState(false);
  const summary = summarizeArgs(item.args);
  const spill = spillName(item.output);
  const live =
    item.status === 'running' && item.live ? item.live.split('\n').slice(-LIVE_LINES).join('\n') : '';
  return (
    <div
      className={`tool-card ${item.status}`}
      data-testid="tool-card"
      data-tool={item.name}
      data-status={item.status}
    >
      <button
        className="tool-head"
        aria-expanded={open}
        data-testid="tool-toggle"
        onClick={() => setOpen(!open)}
      >
        <span className={`status-dot ${item.status}`} aria-hidden />
        <span className="tool-name">{item.name}</span>
        <span className="tool-args" title={summary}>
          {summary}
        </span>
        {item.truncated && (
          <span
            className="badge warn"
            data-testid="truncated-badge"
            title="The output was shortened before the model saw it"
          >
            truncated
          </span>
        )}
        {item.display && <ToolResultBadge display={item.display} />}
        <span className="tool-status">{STATUS_LABEL[item.status]}</span>
        <span className="tool-time">
          {item.durationMs !== undefined ? formatDuration(item.durationMs) : ''}
        </span>
        <span className="chevron" aria-hidden>
          {open ? '▾' : '▸'}
        </span>
      </button>
      {live && (
        <pre className="tool-live" data-testid="tool-live">
          {live}
        </pre>
      )}
      {open && (
        <div className="tool-body" data-testid="tool-output">
          {item.display && <ToolResultBody display={item.display} durationMs={item.durationMs} />}
          <div className="tool-section-title">Arguments</div>
          <pre>{JSON.stringify(item.args, null, 2) ?? ''}</pre>
          <div className="tool-section-title">
            {item.output === undefined ? 'Output (not yet)' : 'Output'}
            {spill && <SpillButton name={spill} />}
          </div>
          {item.output !== undefined && <pre>{item.output || '(empty)'}</pre>}
          {item.output === undefined && item.live && <pre>{item.live}</pre>}
        </div>
      )}
    </div>
  );
});
