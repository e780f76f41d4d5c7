// The built-in tool source: the tools this app ships, in a fixed order, because the order is part of
// the cached prompt prefix.
import { applyPatchTool } from './apply-patch.js';
import { askUserTool } from './ask-user.js';
import { editFileTool } from './edit-file.js';
import { findFilesTool } from './find-files.js';
import { listDirTool } from './list-dir.js';
import { readFileTool } from './read-file.js';
import { runCommandTool } from './run-command.js';
import { searchTool } from './search.js';
import { ToolRegistry, type ToolSource } from './tool-registry.js';
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
] as unknown as Tool[]; // each tool's args and context types narrow Tool; the registry only needs the base shape

export const TOOL_NAMES: readonly string[] = ALL_TOOLS.map((t) => t.name);

/** The tools this app ships: the first source of every session. */
export const builtInTools: ToolSource = {
  name: 'built-in',
  list: async () => ALL_TOOLS,
};

/** All built-in tools, or only those named (kept in the fixed order). Unknown names are the caller's to reject. */
export function createDefaultRegistry(only?: readonly string[]): ToolRegistry {
  return new ToolRegistry(only ? ALL_TOOLS.filter((t) => only.includes(t.name)) : ALL_TOOLS);
}
