// The window: top bar; file tree on the left; chat, file viewer or review in the center; a drawer for
// models, MCP servers and settings on the right; toasts over the foot of the tree, clear of the chat.
import { ChatView } from '../Chat/ChatView';
import { FileTree } from '../FileTree/FileTree';
import { McpPanel } from '../Mcp/McpPanel';
import { SearchPanel } from '../Navigate/SearchPanel';
import { ModelsPanel } from '../Models/ModelsPanel';
import { ReviewPanel } from '../Review/ReviewPanel';
import { SettingsPanel } from '../Settings/SettingsPanel';
import { FileViewer } from '../Viewer/FileViewer';
import { Welcome } from '../Workspace/Welcome';
import { useAppStore } from '../../store';
import { CenterTabs } from './CenterTabs';
import { Toasts } from './Toasts';
import { TopBar } from './TopBar';

function Center() {
  const hasWorkspace = useAppStore((s) => s.workspace !== null);
  const center = useAppStore((s) => s.center);
  const hasReview = useAppStore((s) => s.review !== null);
  const hasViewer = useAppStore((s) => s.viewer !== null);
  const replaying = useAppStore((s) => s.replay !== null);
  if (!hasWorkspace && !replaying) return <Welcome />;
  return (
    <>
      <CenterTabs />
      <div className="center-body">
        {center === 'review' && hasReview ? (
          <ReviewPanel />
        ) : center === 'file' && hasViewer ? (
          <FileViewer />
        ) : (
          <ChatView />
        )}
      </div>
    </>
  );
}

export function AppShell() {
  const drawer = useAppStore((s) => s.drawer);
  return (
    <div className="app">
      <TopBar />
      <div className="app-body">
        <aside className="sidebar">
          <FileTree />
          <Toasts />
        </aside>
        <main className="center">
          <Center />
        </main>
        {drawer === 'models' && <ModelsPanel />}
        {drawer === 'mcp' && <McpPanel />}
        {drawer === 'settings' && <SettingsPanel />}
        {drawer === 'search' && <SearchPanel />}
      </div>
    </div>
  );
}
