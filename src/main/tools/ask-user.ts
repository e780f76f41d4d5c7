import { z } from 'zod';
import { defineTool, MAX_QUESTION_CHARS } from './types.js';

export const askUserTool = defineTool({
  name: 'ask_user',
  description: 'Ask the user when blocked or a decision is needed; ends your turn.',
  params: z.object({
    question: z.string().min(1).max(MAX_QUESTION_CHARS).describe('The question'),
  }),
  mutates: false,
  async execute({ question }) {
    return {
      ok: true,
      output: 'The question was sent to the user. Wait for the answer.',
      stop: { reason: 'blocked', message: question },
    };
  },
});
