// The one store, built from slices.
import { create } from 'zustand';
import { createChatSlice } from './chat-slice';
import { createMcpSlice } from './mcp-slice';
import { createModelsSlice } from './models-slice';
import { createRestoreSlice } from './restore-slice';
import { createReviewSlice } from './review-slice';
import { createServerSlice } from './server-slice';
import { createSessionsSlice } from './sessions-slice';
import { createSettingsSlice } from './settings-slice';
import { createTreeSlice } from './tree-slice';
import type { AppState } from './types';
import { createUiSlice } from './ui-slice';
import { createWorkspaceSlice } from './workspace-slice';

export type { AppState } from './types';

export const useAppStore = create<AppState>()((...a) => ({
  ...createUiSlice(...a),
  ...createWorkspaceSlice(...a),
  ...createTreeSlice(...a),
  ...createChatSlice(...a),
  ...createSessionsSlice(...a),
  ...createReviewSlice(...a),
  ...createModelsSlice(...a),
  ...createServerSlice(...a),
  ...createSettingsSlice(...a),
  ...createMcpSlice(...a),
  ...createRestoreSlice(...a),
}));
