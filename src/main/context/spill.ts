/** How the model names a full tool output kept outside the workspace: `read_file @spill/<name>`. */
export const SPILL_PREFIX = '@spill/';
