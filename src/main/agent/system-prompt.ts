// Short on purpose: a small model reads this on every turn, inside a 4k-16k window.

export interface SystemPromptOptions {
  folderName: string;
  os?: string;
  /** The project's own standing instructions (AGENTS.md or similar), already capped. */
  projectInstructions?: { file: string; text: string };
  /** Plan mode: no edits, read-only commands only. */
  readOnly?: boolean;
}

export function buildSystemPrompt(options: SystemPromptOptions): string {
  const lines = [
    `You are a coding agent in the project "${options.folderName}"${options.os ? ` (${options.os})` : ''}. Paths are relative to it.`,
    "Find and read the relevant code, make precise edits, then run the project's tests to check the change.",
    '- Read a file before editing it; copy old_text exactly.',
    '- Look at each tool result before the next step. If a call fails, fix it; never repeat it unchanged.',
    '- Never guess file contents or test results. If blocked, call ask_user.',
    'When done, answer without a tool call: what you changed and how you checked it.',
  ];
  if (options.readOnly) {
    lines.push(
      'Plan mode: read-only. Do not edit files; study the code and answer with a step-by-step plan.',
    );
  }
  const project = options.projectInstructions;
  if (project) lines.push('', `Project instructions (${project.file}):`, project.text.trim());
  return lines.join('\n');
}
