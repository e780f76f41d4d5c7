// The one store's shape: every slice's state and actions, so slices can reach each other through get().
import type { StateCreator } from 'zustand';
import type { ChatSlice } from './chat-slice';
import type { McpSlice } from './mcp-slice';
import type { ModelsSlice } from './models-slice';
import type { RestoreSlice } from './restore-slice';
import type { ReviewSlice } from './review-slice';
import type { ServerSlice } from './server-slice';
import type { SessionsSlice } from './sessions-slice';
import type { SettingsSlice } from './settings-slice';
import type { TreeSlice } from './tree-slice';
import type { UiSlice } from './ui-slice';
import type { WorkspaceSlice } from './workspace-slice';

export type AppState = UiSlice &
  WorkspaceSlice &
  TreeSlice &
  ChatSlice &
  SessionsSlice &
  ReviewSlice &
  ModelsSlice &
  ServerSlice &
  SettingsSlice &
  McpSlice &
  RestoreSlice;

export type SliceCreator<T> = StateCreator<AppState, [], [], T>;
