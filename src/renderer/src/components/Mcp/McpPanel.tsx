// MCP servers: config problems first, where servers are configured, then each server of the person and
// of the open folder with its tools. Loaded when opened; 'mcp' events keep it current.
import { useEffect } from 'react';
import { tokensLabel } from '../../lib/mcp-text';
import { useAppStore } from '../../store';
import { Drawer } from '../Layout/Drawer';
import { McpServerRow } from './McpServerRow';

export function McpPanel() {
  const overview = useAppStore((s) => s.mcp);
  const load = useAppStore((s) => s.loadMcp);

  useEffect(() => void load(), [load]);

  if (!overview) {
    return (
      <Drawer title="MCP servers" testId="mcp-panel">
        <div className="drawer-body muted">Loading…</div>
      </Drawer>
    );
  }
  const counted = overview.tokensCounted;
  const total = overview.servers.reduce((sum, s) => sum + s.promptTokens, 0);
  return (
    <Drawer title="MCP servers" testId="mcp-panel">
      <div className="drawer-body">
        {overview.problems.map((problem, i) => (
          <div key={i} className="notice warning" role="alert" data-testid="mcp-problem">
            {problem}
          </div>
        ))}
        <div className="mcp-intro muted small">
          <div data-testid="mcp-config-paths">
            Your servers: <code>{overview.userConfigPath}</code>; this folder&apos;s:{' '}
            <code>.local-coder.json</code>
          </div>
          <div data-testid="mcp-total-tokens">
            Enabled MCP tools add {tokensLabel(total, counted)} to the prompt
            {counted === 'approx' && ' (about 4 characters a token until a model is loaded)'}
          </div>
        </div>
        {overview.servers.length === 0 ? (
          <div className="muted small" data-testid="mcp-empty">
            No MCP servers configured. Add yours to the file above, or a folder&apos;s to its
            .local-coder.json.
          </div>
        ) : (
          <ul className="rows">
            {overview.servers.map((s) => (
              <McpServerRow key={`${s.scope}:${s.name}`} server={s} counted={counted} />
            ))}
          </ul>
        )}
      </div>
    </Drawer>
  );
}
