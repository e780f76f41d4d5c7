// Text for MCP in the window: token figures as counted, the slash-command query and its matches, and
// the block an attached resource becomes in the message.
import type { McpAttachment, McpOverview, McpPromptView, McpResourceView } from '../../../shared/mcp';

export type TokensCounted = McpOverview['tokensCounted'];

/** "320 tokens" when the loaded model's tokenizer counted them, "about 320 tokens" otherwise. */
export function tokensLabel(tokens: number, counted: TokensCounted | undefined): string {
  const figure = `${tokens.toLocaleString('en-US')} ${tokens === 1 ? 'token' : 'tokens'}`;
  return counted === 'model' ? figure : `about ${figure}`;
}

/** What follows the "/" while the draft is a slash command being typed (no space yet), else null. */
export function slashQuery(draft: string): string | null {
  const match = /^\/(\S*)$/.exec(draft);
  return match ? (match[1] ?? '') : null;
}

/** Prompts whose command contains the query (any case), those starting with it first, else in order. */
export function filterPrompts(prompts: readonly McpPromptView[], query: string): McpPromptView[] {
  const q = query.toLowerCase();
  const bare = (p: McpPromptView) => p.command.replace(/^\//, '').toLowerCase();
  const starts = prompts.filter((p) => bare(p).startsWith(q) || p.name.toLowerCase().startsWith(q));
  const contains = prompts.filter((p) => !starts.includes(p) && bare(p).includes(q));
  return [...starts, ...contains];
}

/** What a prompt's or resource's insertion adds, for the note under the message box. */
export function attachmentNote(what: string, attachment: McpAttachment, counted: TokensCounted | undefined) {
  return `${what}: ${tokensLabel(attachment.tokens, counted)}${attachment.truncated ? ' (cut to fit)' : ''}`;
}

/** The resource as it goes into the message: a header naming it, its text, and an end line. */
export function resourceBlock(
  resource: McpResourceView,
  attachment: McpAttachment,
  counted: TokensCounted | undefined,
): string {
  const facts = [`from ${resource.server}`, tokensLabel(attachment.tokens, counted)];
  if (attachment.truncated) facts.push('cut to fit');
  const body = attachment.text.endsWith('\n') ? attachment.text : `${attachment.text}\n`;
  return `--- resource ${resource.uri} (${facts.join(', ')}) ---\n${body}--- end of ${resource.uri} ---\n`;
}

/** The draft with `block` after it, a blank line between. */
export function appendBlock(draft: string, block: string): string {
  const head = draft.trimEnd();
  return head ? `${head}\n\n${block}` : block;
}
