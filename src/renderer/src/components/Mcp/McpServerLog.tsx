// The end of a stdio server's stderr, read when shown and on Refresh; a refusal is shown in place.
import { useCallback, useEffect, useState } from 'react';
import { isFailure } from '../../api/client';
import { useAppStore } from '../../store';

type LogState =
  | { status: 'loading' }
  | { status: 'ok'; path: string; text: string }
  | { status: 'failed'; message: string };

export function McpServerLog({ server }: { server: string }) {
  const readLog = useAppStore((s) => s.readMcpLog);
  const [log, setLog] = useState<LogState>({ status: 'loading' });
  const refresh = useCallback(async () => {
    setLog({ status: 'loading' });
    const result = await readLog(server);
    setLog(
      isFailure(result)
        ? { status: 'failed', message: `${result.message} (${result.code})` }
        : { status: 'ok', ...result },
    );
  }, [readLog, server]);
  useEffect(() => void refresh(), [refresh]);

  return (
    <div className="mcp-log-box">
      <div className="section-head">
        <span className="muted small mono" data-testid="mcp-log-path">
          {log.status === 'ok' ? log.path : ''}
        </span>
        <button className="small" onClick={() => void refresh()} disabled={log.status === 'loading'}>
          Refresh
        </button>
      </div>
      {log.status === 'failed' ? (
        <div className="error-text small" role="alert" data-testid="mcp-log-error">
          {log.message}
        </div>
      ) : (
        <pre className="mcp-log" data-testid="mcp-log" tabIndex={0} aria-label={`Log of ${server}`}>
          {log.status === 'loading' ? 'Loading…' : log.text || '(empty)'}
        </pre>
      )}
    </div>
  );
}
