// One MCP server: where it comes from and how it runs, its state (and what to do when it failed or is
// not trusted yet), the person's switches for it, its log, and its tools.
import { useState } from 'react';
import type { McpServerState, McpServerView } from '../../../../shared/mcp';
import { tokensLabel, type TokensCounted } from '../../lib/mcp-text';
import { useAppStore } from '../../store';
import { McpServerLog } from './McpServerLog';
import { McpToolRow } from './McpToolRow';

const STATE_BADGE: Record<McpServerState, string> = {
  idle: '',
  starting: 'warn',
  running: 'ok',
  failed: 'bad',
  untrusted: 'warn',
  disabled: '',
};

/** Tool lists this long or shorter start unfolded. */
const OPEN_TOOLS = 4;

function plural(n: number, one: string): string {
  return `${n} ${one}${n === 1 ? '' : 's'}`;
}

export function McpServerRow({ server, counted }: { server: McpServerView; counted: TokensCounted }) {
  const trust = useAppStore((s) => s.trustMcpServer);
  const setServer = useAppStore((s) => s.setMcpServer);
  const restart = useAppStore((s) => s.restartMcpServer);
  const [busy, setBusy] = useState(false);
  const [logOpen, setLogOpen] = useState(false);
  /** The network choice being sent, shown at once; a refusal puts the core's value back. */
  const [networkSent, setNetworkSent] = useState<boolean | null>(null);
  const run = async (action: () => Promise<boolean>) => {
    setBusy(true);
    await action();
    setBusy(false);
  };
  const { name, state } = server;
  const stdio = server.transport === 'stdio';
  const enabled = state !== 'disabled';
  const untrusted = state === 'untrusted';

  return (
    <li className="row mcp-server" data-testid="mcp-server" data-server={name} data-state={state}>
      <div className="row-main">
        <div className="row-title">
          <strong>{name}</strong>
          <span className="badge" data-testid="mcp-scope">
            {server.scope === 'user' ? 'your server' : "this folder's"}
          </span>
          <span className="badge">{server.transport}</span>
          <span className={`badge ${STATE_BADGE[state]}`} data-testid="mcp-state">
            {state}
          </span>
        </div>
        <code className="mcp-target" data-testid="mcp-target" title={stdio ? 'Command line' : 'URL'}>
          {server.target}
        </code>
        {state === 'failed' && (
          <div className="notice error" role="alert" data-testid="mcp-server-error">
            {server.error ?? 'The server failed; see its log.'}
          </div>
        )}
        {untrusted && (
          <div className="notice warning mcp-untrusted" data-testid="mcp-untrusted">
            <span>
              This folder&apos;s <code>.local-coder.json</code> adds this server. A project&apos;s servers
              start only after you trust them. Trusting it{' '}
              {stdio ? 'runs this command on your computer (inside the sandbox):' : 'connects to this URL:'}
            </span>
            <pre className="command-line" data-testid="mcp-trust-target">
              {server.target}
            </pre>
            <div>
              <button
                className="primary"
                data-testid="mcp-trust"
                disabled={busy}
                onClick={() => void run(() => trust(name, true))}
              >
                Trust {name}
              </button>
            </div>
          </div>
        )}
        <div className="muted small" data-testid="mcp-server-facts">
          {plural(server.tools.length, 'tool')} · adds{' '}
          <span data-testid="mcp-prompt-tokens">{tokensLabel(server.promptTokens, counted)}</span> to the
          prompt · {plural(server.resources, 'resource')} · {plural(server.prompts, 'prompt')}
        </div>
        <div className="mcp-actions">
          {server.scope === 'project' && server.trusted && (
            <button
              data-testid="mcp-untrust"
              disabled={busy}
              onClick={() => void run(() => trust(name, false))}
            >
              Stop trusting
            </button>
          )}
          <button
            data-testid="mcp-toggle-enabled"
            disabled={busy}
            onClick={() => void run(() => setServer(name, { enabled: !enabled }))}
          >
            {enabled ? 'Disable' : 'Enable'}
          </button>
          <button
            data-testid="mcp-restart"
            disabled={busy || untrusted || !enabled}
            onClick={() => void run(() => restart(name))}
          >
            Restart
          </button>
          {stdio && (
            <button data-testid="mcp-log-button" aria-expanded={logOpen} onClick={() => setLogOpen(!logOpen)}>
              Log
            </button>
          )}
          {stdio && (
            <label
              className="check-line small"
              title="stdio servers run in the sandbox, without network unless allowed"
            >
              <input
                type="checkbox"
                data-testid="mcp-network"
                checked={networkSent ?? server.network}
                disabled={busy}
                onChange={(e) => {
                  const network = e.target.checked;
                  setNetworkSent(network);
                  void run(() => setServer(name, { network })).then(() => setNetworkSent(null));
                }}
              />
              Allow network
            </label>
          )}
        </div>
        {logOpen && <McpServerLog server={name} />}
        {server.tools.length > 0 && (
          // Open by default while short; a long list is one click away.
          <details className="mcp-tools-box" open={server.tools.length <= OPEN_TOOLS}>
            <summary data-testid="mcp-tools-toggle">Tools ({server.tools.length})</summary>
            <ul className="mcp-tools" aria-label={`Tools of ${name}`}>
              {server.tools.map((t) => (
                <McpToolRow key={t.name} tool={t} counted={counted} />
              ))}
            </ul>
          </details>
        )}
      </div>
    </li>
  );
}
