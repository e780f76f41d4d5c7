// ask_user: the model's way to stop and ask the person when it is blocked; the question ends the run
// with the reason `blocked` instead of a guess.
import { z } from 'zod';
import { defineTool } from './types.js';

export const askUserTool = defineTool({
  name: 'ask_user',
  description: 'Ask the user a question when blocked; ends your turn.',
  params: z.object({
    question: z.string(),
  }),
  mutates: false,
  kind: 'read',
  async execute({ question }) {
    return {
      ok: true,
      output: 'The question was sent to the user. Wait for the answer.',
      stop: { reason: 'blocked', message: question },
    };
  },
});
