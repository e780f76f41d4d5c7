// The folder, the model, the approval mode, and the doors to models, MCP servers and settings.
import { useAppStore } from '../../store';
import { ModelBadge } from '../Models/ModelBadge';
import { ApprovalModeSelect } from '../Settings/ApprovalModeSelect';
import { RecentMenu } from '../Workspace/RecentMenu';
import { RunControl } from './RunControl';

export function TopBar() {
  const workspace = useAppStore((s) => s.workspace);
  const opening = useAppStore((s) => s.opening);
  const openFolder = useAppStore((s) => s.openFolder);
  const mode = useAppStore((s) => s.settings?.approvalMode);
  const updateSettings = useAppStore((s) => s.updateSettings);
  const drawer = useAppStore((s) => s.drawer);
  const toggleDrawer = useAppStore((s) => s.toggleDrawer);
  // Servers that wait for the person: failed ones, and a project's not trusted yet.
  const mcpAttention = useAppStore(
    (s) => s.mcp?.servers.filter((m) => m.state === 'failed' || m.state === 'untrusted').length ?? 0,
  );
  return (
    <header className="topbar">
      <div className="topbar-group">
        <span className="brand">local-coder</span>
        <span className="folder-name" title={workspace?.root} data-testid="folder-name">
          {workspace ? workspace.name : 'No folder'}
        </span>
        <button data-testid="open-folder" disabled={opening} onClick={() => void openFolder()}>
          {opening ? 'Opening…' : 'Open folder'}
        </button>
        <RecentMenu />
      </div>
      <div className="topbar-group">
        <ModelBadge />
        <RunControl />
      </div>
      <div className="topbar-group">
        <label className="inline-label">
          Mode
          <ApprovalModeSelect
            testId="approval-mode"
            value={mode}
            onChange={(approvalMode) => void updateSettings({ approvalMode })}
          />
        </label>
        <button
          data-testid="search-button"
          className={drawer === 'search' ? 'active' : ''}
          disabled={!workspace}
          title="Search the folder (Ctrl+Shift+F); quick open a file: Ctrl+P"
          onClick={() => toggleDrawer('search')}
        >
          Search
        </button>
        <button
          data-testid="models-button"
          className={drawer === 'models' ? 'active' : ''}
          onClick={() => toggleDrawer('models')}
        >
          Models
        </button>
        <button
          data-testid="mcp-button"
          className={drawer === 'mcp' ? 'active' : ''}
          aria-label={mcpAttention > 0 ? `MCP servers (${mcpAttention} need attention)` : 'MCP servers'}
          onClick={() => toggleDrawer('mcp')}
        >
          MCP
          {mcpAttention > 0 && (
            <span className="badge warn attention-count" data-testid="mcp-attention" aria-hidden>
              {mcpAttention}
            </span>
          )}
        </button>
        <button
          data-testid="settings-button"
          className={drawer === 'settings' ? 'active' : ''}
          onClick={() => toggleDrawer('settings')}
        >
          Settings
        </button>
      </div>
    </header>
  );
}
