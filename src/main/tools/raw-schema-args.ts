// Arguments of tools that carry a raw JSON Schema (an MCP server's inputSchema), checked with ajv, the
// validator the MCP SDK itself uses. Schemas are compiled once, when a registry takes the tool.
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { JsonSchema, RawSchemaTool } from './types.js';

// strict off: servers write keywords ajv does not know (examples, format names), which must not stop
// their tools loading; addUsedSchema off: two servers may reuse one $id.
const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, addUsedSchema: false });
const compiled = new WeakMap<JsonSchema, ValidateFunction>();

export type CompiledSchema = { ok: true; validate: ValidateFunction } | { ok: false; message: string };

/** Compiles (once per schema object) a tool's schema; a schema ajv cannot use is a message, not a throw. */
export function compileRawSchema(schema: JsonSchema): CompiledSchema {
  const known = compiled.get(schema);
  if (known) return { ok: true, validate: known };
  // `$schema` names a draft this ajv instance may not hold (2020-12); the keywords are what is checked.
  const { $schema: _draft, ...rest } = schema;
  try {
    const validate = ajv.compile(withoutPatterns(rest) as JsonSchema);
    compiled.set(schema, validate);
    return { ok: true, validate };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The schema without its regular expressions (`pattern`, `patternProperties`): a source's regex that
 * backtracks (`^(a+)+$`) would freeze the app on a long argument. The source still checks its own.
 */
function withoutPatterns(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutPatterns);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  const patterned = 'patternProperties' in node;
  for (const [key, value] of Object.entries(node)) {
    if ((key === 'pattern' && typeof value === 'string') || key === 'patternProperties') continue;
    // Without its patterns, a closed object would refuse the keys they allowed.
    if (patterned && key === 'additionalProperties' && value === false) continue;
    // Property names are data, not keywords: a property called `pattern` stays.
    out[key] =
      key === 'properties' && value && typeof value === 'object' && !Array.isArray(value)
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutPatterns(v)]))
        : withoutPatterns(value);
  }
  return out;
}

/** Names of the schema's required properties. */
export function requiredOf(schema: JsonSchema): Set<string> {
  const required = schema.required;
  return new Set(Array.isArray(required) ? required.filter((r): r is string => typeof r === 'string') : []);
}

export type RawArgs = { ok: true; args: Record<string, unknown> } | { ok: false; problems: string[] };

/**
 * Checks `value` (an object, nulls still in) against the tool's schema. A null stands for "not given"
 * (the grammar cannot omit keys), so it is dropped, except for required keys, where it may be meant.
 */
export function checkRawArgs(tool: RawSchemaTool, value: Record<string, unknown>): RawArgs {
  const schema = compileRawSchema(tool.inputSchema);
  if (!schema.ok) return { ok: false, problems: [`the tool's own schema is unusable (${schema.message})`] };
  const args = dropUnsetNulls(value, tool.inputSchema, tool.inputSchema, 0) as Record<string, unknown>;
  if (schema.validate(args)) return { ok: true, args };
  return { ok: false, problems: (schema.validate.errors ?? []).map(describeError) };
}

/**
 * The grammar writes every listed property, at every depth, an optional one as null: those nulls are
 * dropped wherever the schema lists the property as optional (required ones keep theirs: it may be meant).
 */
function dropUnsetNulls(
  value: unknown,
  schema: JsonSchema | undefined,
  root: JsonSchema,
  depth: number,
): unknown {
  // A local $ref (a recursive tree) is followed, a few levels deep: past them, values stay as they are.
  const ref = schema?.$ref;
  if (typeof ref === 'string') {
    if (depth >= MAX_REF_DEPTH) return value;
    return dropUnsetNulls(value, resolveRef(root, ref), root, depth + 1);
  }
  if (Array.isArray(value)) {
    const items = schema?.items;
    return items && typeof items === 'object' && !Array.isArray(items)
      ? value.map((v) => dropUnsetNulls(v, items as JsonSchema, root, depth))
      : value;
  }
  if (value === null || typeof value !== 'object') return value;
  const props = schema?.properties;
  if (!props || typeof props !== 'object') return value;
  const required = requiredOf(schema);
  const known = props as Record<string, JsonSchema>;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === null && !required.has(key)) continue;
    out[key] = dropUnsetNulls(v, Object.hasOwn(known, key) ? known[key] : undefined, root, depth);
  }
  return out;
}

/** Local `$ref`s followed when dropping nulls, at most (a recursive schema is a tree). */
const MAX_REF_DEPTH = 8;

/** The schema a local `$ref` (`#`, `#/$defs/node`) points at, or undefined (remote, or missing). */
export function resolveRef(root: JsonSchema, ref: string): JsonSchema | undefined {
  if (ref !== '#' && !ref.startsWith('#/')) return undefined;
  let node: unknown = root;
  for (const part of ref === '#' ? [] : ref.slice(2).split('/')) {
    if (!node || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[
      decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~')
    ];
  }
  return node && typeof node === 'object' && !Array.isArray(node) ? (node as JsonSchema) : undefined;
}

function describeError(error: ErrorObject): string {
  const where = error.instancePath === '' ? [] : error.instancePath.slice(1).split('/');
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required' && typeof params.missingProperty === 'string') {
    return `${[...where, params.missingProperty].join('.')}: required`;
  }
  if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
    return `${[...where, params.additionalProperty].join('.')}: not a parameter of this tool`;
  }
  return `${where.length > 0 ? where.join('.') : '(arguments)'}: ${error.message ?? error.keyword}`;
}
