import { applyPatchTool } from './apply-patch.js';
import { askUserTool } from './ask-user.js';
import { editFileTool } from './edit-file.js';
import { findFilesTool } from './find-files.js';
import { listDirTool } from './list-dir.js';
import { readFileTool } from './read-file.js';
import { runCommandTool } from './run-command.js';
import { ToolRegistry } from './scheduler.js';
import { searchTool } from './search.js';
import type { Tool } from './types.js';
import { writeFileTool } from './write-file.js';

/** The default tool set, in a fixed order (the order is part of the cached prompt prefix). */
const ALL_TOOLS = [
  listDirTool,
  findFilesTool,
  searchTool,
  readFileTool,
  editFileTool,
  writeFileTool,
  applyPatchTool,
  runCommandTool,
  askUserTool,
] as unknown as Tool[]; // each tool's args type narrows Tool<S>; the registry only needs the base shape

export const TOOL_NAMES: readonly string[] = ALL_TOOLS.map((t) => t.name);

/** All tools, or only those named (kept in the fixed order). Unknown names are the caller's to reject. */
export function createDefaultRegistry(only?: readonly string[]): ToolRegistry {
  return new ToolRegistry(only ? ALL_TOOLS.filter((t) => only.includes(t.name)) : ALL_TOOLS);
}
