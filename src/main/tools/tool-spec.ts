// Turns a tool's schema (zod, or a raw JSON Schema from another source) into what the model sees (a
// grammar-friendly JSON schema) and checks the arguments the model produced against it.
import { z } from 'zod';
import type { ParamsSchema, ToolSpec } from '../model/turn.js';
import { checkRawArgs, requiredOf } from './raw-schema-args.js';
import { isRawSchemaTool, type AnyTool, type Tool } from './types.js';

type JsonSchema = Readonly<Record<string, unknown>>;

// node-llama-cpp's GbnfJsonSchema knows only these keys; anything else is dropped rather than
// risk a grammar the runtime rejects.
const KEPT_KEYS = ['type', 'description', 'enum', 'const', 'minLength', 'maxLength', 'minItems', 'maxItems'];

/** Any scalar: what a raw schema the grammar cannot express (a $ref, a bare `{}`) becomes. ajv still checks. */
const ANY_SCALAR: JsonSchema = { type: ['string', 'number', 'boolean', 'null'] };

/**
 * `raw`: a schema from another source, which may use what zod never emits (anyOf, a missing type, a
 * free-form object); zod's own output is converted exactly as before.
 */
function toGrammarSchema(schema: JsonSchema, nullable: boolean, raw: boolean): JsonSchema {
  if (raw) {
    const members = schema.anyOf ?? schema.oneOf;
    if (Array.isArray(members)) {
      const oneOf = members.map((m) => toGrammarSchema(m as JsonSchema, false, true));
      if (nullable) oneOf.push({ type: 'null' });
      return {
        oneOf,
        ...(typeof schema.description === 'string' ? { description: schema.description } : {}),
      };
    }
    if (schema.type === undefined && schema.enum === undefined && schema.const === undefined) {
      return {
        ...ANY_SCALAR,
        ...(typeof schema.description === 'string' ? { description: schema.description } : {}),
      };
    }
  }
  const out: Record<string, unknown> = {};
  for (const key of KEPT_KEYS) if (schema[key] !== undefined) out[key] = schema[key];
  if (Array.isArray(schema.enum)) {
    // An enum is its own schema kind in the grammar; a `type` beside it is redundant.
    delete out.type;
    if (nullable) out.enum = [...(schema.enum as unknown[]), null];
    return out;
  }
  if (schema.type === 'array' && schema.items && typeof schema.items === 'object') {
    out.items = toGrammarSchema(schema.items as JsonSchema, false, raw);
  }
  if (schema.type === 'object') {
    const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
    const required = requiredOf(schema);
    // The grammar makes every listed property required; optional ones become nullable instead.
    out.properties = Object.fromEntries(
      Object.entries(props).map(([name, prop]) => [name, toGrammarSchema(prop, !required.has(name), raw)]),
    );
    // A raw object without listed properties is free-form (a map): let the grammar write any keys.
    if (raw && Object.keys(props).length === 0 && schema.additionalProperties !== false) {
      out.additionalProperties = true;
    }
  }
  if (!nullable) return out;
  const { description, ...inner } = out;
  // A plain type can become a type list; one with constraints (maxLength...) must stay a schema of its
  // own, or the grammar drops the constraints.
  if (Object.keys(inner).length === 1 && typeof inner.type === 'string') {
    return { ...out, type: [inner.type, 'null'] };
  }
  if (Object.keys(inner).length === 1 && Array.isArray(inner.type)) {
    return {
      ...out,
      type: inner.type.includes('null') ? inner.type : [...(inner.type as unknown[]), 'null'],
    };
  }
  return { oneOf: [inner, { type: 'null' }], ...(description === undefined ? {} : { description }) };
}

export function toToolSpec(tool: AnyTool): ToolSpec {
  const raw = isRawSchemaTool(tool);
  const json = raw
    ? { ...(tool.promptSchema ?? tool.inputSchema), type: 'object' }
    : (z.toJSONSchema(tool.params, { io: 'input' }) as JsonSchema);
  return {
    name: tool.name,
    description: tool.description,
    parameters: toGrammarSchema(json, false, raw) as ParamsSchema,
  };
}

export type ParsedArgs = { ok: true; args: Record<string, unknown> } | { ok: false; message: string };

/** Validates raw model arguments. `null` stands for "not given" (the grammar cannot omit keys). */
export function parseToolArgs(tool: AnyTool, raw: unknown): ParsedArgs {
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
  const object = value as Record<string, unknown>;
  if (isRawSchemaTool(tool)) {
    const checked = checkRawArgs(tool, object);
    if (checked.ok) return checked;
    return { ok: false, message: invalidMessage(tool, checked.problems) };
  }
  const cleaned = Object.fromEntries(Object.entries(object).filter(([, v]) => v !== null));
  const parsed = tool.params.safeParse(cleaned);
  if (parsed.success) return { ok: true, args: parsed.data as Record<string, unknown> };
  const problems = parsed.error.issues.map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join('.') : '(arguments)';
    return `${where}: ${issue.message}`;
  });
  return { ok: false, message: invalidMessage(tool, problems) };
}

function invalidMessage(tool: AnyTool, problems: readonly string[]): string {
  return `Invalid arguments for ${tool.name}: ${problems.join('; ')}. Expected parameters: ${describeParams(tool)}.`;
}

function describeParams(tool: AnyTool): string {
  if (isRawSchemaTool(tool)) {
    const props = tool.inputSchema.properties;
    const required = requiredOf(tool.inputSchema);
    const names = props && typeof props === 'object' ? Object.keys(props) : [];
    return names.length === 0 ? '(none)' : names.map((n) => `${n}${required.has(n) ? '' : '?'}`).join(', ');
  }
  return describeZodParams(tool);
}

function describeZodParams(tool: Tool): string {
  const shape = tool.params.shape as Record<string, z.ZodType>;
  return Object.entries(shape)
    .map(([name, field]) => `${name}${field.safeParse(undefined).success ? '?' : ''}`)
    .join(', ');
}

function clip(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
