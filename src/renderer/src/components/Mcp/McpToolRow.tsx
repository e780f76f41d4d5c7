// One tool of an MCP server: what it adds to the prompt, and the person's three choices for it. The
// server's read-only claim is shown beside the confirmation as its claim; the person confirms it.
import { useState } from 'react';
import type { McpToolView } from '../../../../shared/mcp';
import { tokensLabel, type TokensCounted } from '../../lib/mcp-text';
import { useAppStore } from '../../store';
import { ReadOnlyHint } from './ReadOnlyHint';

type ToolChoice = 'enabled' | 'allowed' | 'readOnlyConfirmed';

export function McpToolRow({ tool, counted }: { tool: McpToolView; counted: TokensCounted }) {
  const setTool = useAppStore((s) => s.setMcpTool);
  // The choice being sent shows at once (a refusal puts the core's value back); the row waits for the
  // answer before the next change.
  const [pending, setPending] = useState<{ choice: ToolChoice; value: boolean } | null>(null);
  const choose = async (choice: ToolChoice, value: boolean) => {
    setPending({ choice, value });
    await setTool(tool.name, { [choice]: value });
    setPending(null);
  };
  const check = (choice: ToolChoice, testId: string, label: string) => (
    <label className="check-line">
      <input
        type="checkbox"
        data-testid={testId}
        checked={pending?.choice === choice ? pending.value : tool[choice]}
        disabled={pending !== null}
        onChange={(e) => void choose(choice, e.target.checked)}
      />
      {label}
    </label>
  );
  return (
    <li className="mcp-tool" data-testid="mcp-tool" data-tool={tool.name}>
      <div className="row-title">
        <span className="mono" title={tool.name}>
          {tool.serverTool}
        </span>
        <span className="muted small" data-testid="mcp-tool-tokens">
          {tokensLabel(tool.tokens, counted)}
          {!tool.enabled && ' when enabled'}
        </span>
      </div>
      {tool.description && <div className="muted small">{tool.description}</div>}
      <div className="mcp-tool-checks">
        {check('enabled', 'mcp-tool-enabled', 'enabled')}
        {check('allowed', 'mcp-tool-allowed', 'always allow in this folder')}
        <span className="check-line">
          {check('readOnlyConfirmed', 'mcp-tool-readonly', 'read-only confirmed (plan mode may run it)')}
          {tool.readOnlyHint && <ReadOnlyHint testId="mcp-tool-readonly-hint" />}
        </span>
      </div>
    </li>
  );
}
