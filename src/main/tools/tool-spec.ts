// Turns a tool's zod schema into what the model sees (a grammar-friendly JSON schema) and checks the
// arguments the model produced against it.
import { z } from 'zod';
import type { ParamsSchema, ToolSpec } from '../model/turn.js';
import type { Tool } from './types.js';

type JsonSchema = Record<string, unknown>;

// node-llama-cpp's GbnfJsonSchema knows only these keys; anything else is dropped rather than
// risk a grammar the runtime rejects.
const KEPT_KEYS = ['type', 'description', 'enum', 'const', 'minLength', 'maxLength', 'minItems', 'maxItems'];

function toGrammarSchema(schema: JsonSchema, nullable: boolean): JsonSchema {
  const out: JsonSchema = {};
  for (const key of KEPT_KEYS) if (schema[key] !== undefined) out[key] = schema[key];
  if (Array.isArray(schema.enum)) {
    // An enum is its own schema kind in the grammar; a `type` beside it is redundant.
    delete out.type;
    if (nullable) out.enum = [...(schema.enum as unknown[]), null];
    return out;
  }
  if (schema.type === 'array' && schema.items && typeof schema.items === 'object') {
    out.items = toGrammarSchema(schema.items as JsonSchema, false);
  }
  if (schema.type === 'object') {
    const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((schema.required ?? []) as string[]);
    // The grammar makes every listed property required; optional ones become nullable instead.
    out.properties = Object.fromEntries(
      Object.entries(props).map(([name, prop]) => [name, toGrammarSchema(prop, !required.has(name))]),
    );
  }
  if (!nullable) return out;
  const { description, ...inner } = out;
  // A plain type can become a type list; one with constraints (maxLength...) must stay a schema of its
  // own, or the grammar drops the constraints.
  if (Object.keys(inner).length === 1 && typeof inner.type === 'string') {
    return { ...out, type: [inner.type, 'null'] };
  }
  return { oneOf: [inner, { type: 'null' }], ...(description === undefined ? {} : { description }) };
}

export function toToolSpec(tool: Tool): ToolSpec {
  const json = z.toJSONSchema(tool.params, { io: 'input' }) as JsonSchema;
  return {
    name: tool.name,
    description: tool.description,
    parameters: toGrammarSchema(json, false) as ParamsSchema,
  };
}

export type ParsedArgs = { ok: true; args: Record<string, unknown> } | { ok: false; message: string };

/** Validates raw model arguments. `null` stands for "not given" (the grammar cannot omit keys). */
export function parseToolArgs(tool: Tool, raw: unknown): ParsedArgs {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      return { ok: false, message: `Arguments for ${tool.name} are not valid JSON: ${clip(raw)}` };
    }
  }
  if (value === undefined || value === null) value = {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      ok: false,
      message: `Arguments for ${tool.name} must be a JSON object, got ${clip(JSON.stringify(value) ?? String(value))}`,
    };
  }
  const cleaned = Object.fromEntries(
    Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== null),
  );
  const parsed = tool.params.safeParse(cleaned);
  if (parsed.success) return { ok: true, args: parsed.data as Record<string, unknown> };
  const problems = parsed.error.issues.map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join('.') : '(arguments)';
    return `${where}: ${issue.message}`;
  });
  return {
    ok: false,
    message: `Invalid arguments for ${tool.name}: ${problems.join('; ')}. Expected parameters: ${describeParams(tool)}.`,
  };
}

function describeParams(tool: Tool): string {
  const shape = tool.params.shape as Record<string, z.ZodType>;
  return Object.entries(shape)
    .map(([name, field]) => `${name}${field.safeParse(undefined).success ? '?' : ''}`)
    .join(', ');
}

function clip(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
