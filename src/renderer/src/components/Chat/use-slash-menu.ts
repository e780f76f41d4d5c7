// The message box's slash commands: while the draft is "/" and a word, the MCP prompts whose command
// matches are listed; arrows move, Enter or Tab picks, Esc closes. A prompt with arguments asks for them
// first. Its text replaces the draft (never sent by itself). Focus stays in the message box except
// while the arguments form is open, and comes back to it after.
import { useEffect, useState, type KeyboardEvent, type RefObject } from 'react';
import type { McpPromptView } from '../../../../shared/mcp';
import { attachmentNote, filterPrompts, slashQuery } from '../../lib/mcp-text';
import { useAppStore } from '../../store';

export interface PromptForm {
  prompt: McpPromptView;
  values: Record<string, string>;
}

export interface SlashMenu {
  listOpen: boolean;
  items: McpPromptView[];
  active: number;
  loading: boolean;
  problems: string[];
  form: PromptForm | null;
  running: boolean;
  listId: string;
  optionId(index: number): string;
  /** The message box's keys; true when the menu used the key (the box must not act on it). */
  handleKey(e: KeyboardEvent<HTMLTextAreaElement>): boolean;
  pick(prompt: McpPromptView): void;
  hover(index: number): void;
  setValue(name: string, value: string): void;
  submitForm(): void;
  cancelForm(): void;
}

export function useSlashMenu(options: {
  draft: string;
  inputRef: RefObject<HTMLTextAreaElement | null>;
  listId: string;
  /** Puts `text` into the message box and says what was inserted. */
  onInsert(text: string, note: string): void;
}): SlashMenu {
  const { draft, inputRef, listId, onInsert } = options;
  const prompts = useAppStore((s) => s.mcpPrompts);
  const problems = useAppStore((s) => s.mcpPromptProblems);
  const counted = useAppStore((s) => s.mcp?.tokensCounted);
  const loadPrompts = useAppStore((s) => s.loadMcpPrompts);
  const getPrompt = useAppStore((s) => s.getMcpPrompt);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const [activeRaw, setActive] = useState(0);
  const [loading, setLoading] = useState(false);
  const [form, setForm] = useState<PromptForm | null>(null);
  const [running, setRunning] = useState(false);

  const query = slashQuery(draft);
  const listOpen = query !== null && dismissed !== draft && form === null;
  const items = listOpen ? filterPrompts(prompts, query) : [];
  const active = Math.min(activeRaw, Math.max(0, items.length - 1));

  useEffect(() => {
    if (!listOpen) return;
    setLoading(true);
    void loadPrompts().finally(() => setLoading(false));
  }, [listOpen, loadPrompts]);
  useEffect(() => setActive(0), [query]);

  const focusInput = () => inputRef.current?.focus();

  const run = async (prompt: McpPromptView, args: Record<string, string>) => {
    if (running) return;
    setRunning(true);
    const result = await getPrompt(prompt, args);
    setRunning(false);
    if (!result) return;
    setForm(null);
    setDismissed(result.text);
    onInsert(result.text, attachmentNote(`Prompt ${prompt.command}`, result, counted));
    focusInput();
  };

  const pick = (prompt: McpPromptView) => {
    if (prompt.arguments.length === 0) return void run(prompt, {});
    setForm({ prompt, values: {} });
  };

  return {
    listOpen,
    items,
    active,
    loading,
    problems,
    form,
    running,
    listId,
    optionId: (index) => `${listId}-${index}`,
    handleKey(e) {
      if (!listOpen) return false;
      const chosen = items[active];
      const key = e.key;
      if (key === 'Escape') setDismissed(draft);
      else if (chosen && key === 'ArrowDown') setActive((active + 1) % items.length);
      else if (chosen && key === 'ArrowUp') setActive((active - 1 + items.length) % items.length);
      else if (chosen && (key === 'Tab' || (key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing)))
        pick(chosen);
      else return false;
      e.preventDefault();
      return true;
    },
    pick,
    hover: setActive,
    setValue: (name, value) => setForm((f) => (f ? { ...f, values: { ...f.values, [name]: value } } : f)),
    submitForm() {
      if (!form) return;
      // Empty optional arguments are left out, so the server applies its own defaults.
      const args = Object.fromEntries(Object.entries(form.values).filter(([, v]) => v !== ''));
      void run(form.prompt, args);
    },
    cancelForm() {
      setForm(null);
      focusInput();
    },
  };
}
