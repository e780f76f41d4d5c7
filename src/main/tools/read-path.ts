// The one way the file tools read a file they show or change: its type first (a FIFO or device is never
// opened), then the read tracker where the tool needs a fresh view, then the bytes; binary and UTF-8
// handled alike everywhere. Each tool gives its own refusal wording, so what the model reads stays the
// tool's own.
import { describeFsError, looksBinary } from '../workspace/text-file.js';
import { notRegularMessage, type RegularCheck } from '../workspace/regular-file.js';
import type { Stats } from '../workspace/file-ops.js';
import { decodeUtf8, firstInvalidUtf8, invalidUtf8Note, invalidUtf8Refusal } from '../workspace/utf8.js';
import type { ReadContext } from './types.js';

export interface ReadRules {
  /** Larger files are refused with `tooLarge` (code too_large); default no limit. */
  maxBytes?: number;
  /** The whole message for a folder. */
  directory: string;
  /** What becomes of a special file, for notRegularMessage: 'not read', 'not changed'... */
  notRegular: string;
  tooLarge?: string;
  /** Checks the read tracker before reading, and words its refusal. */
  fresh?: (seen: { code: 'not_read' | 'changed_on_disk'; message: string }) => string;
  /** When the file is no longer readable as checked by the time it is read; default the same refusals. */
  raced?: string;
  /** A missing file: 'absent' reads as no file (one to create); a string is a hint after the message. */
  missing: 'absent' | string;
}

export type FileBytes =
  | { ok: true; buf: Buffer; stat: Stats }
  /** The file does not exist (only with `missing: 'absent'`). */
  | { ok: true; buf: null }
  | { ok: false; code: 'too_large' | 'refused'; message: string };

export async function readFileBytes(
  ctx: ReadContext,
  target: { abs: string; rel: string },
  rules: ReadRules,
): Promise<FileBytes> {
  const { abs, rel } = target;
  const files = ctx.ws.files;
  try {
    const checked = await files.statRegular(abs, rules.maxBytes);
    if (!checked.ok) return refuse(rel, checked, rules);
    if (rules.fresh) {
      const seen = await ctx.reads.check(abs);
      if (!seen.ok) return { ok: false, code: 'refused', message: rules.fresh(seen) };
    }
    const read = await files.readRegular(abs, rules.maxBytes);
    if (!read.ok)
      return rules.raced ? { ok: false, code: 'refused', message: rules.raced } : refuse(rel, read, rules);
    return { ok: true, buf: read.buf, stat: read.stat };
  } catch (err) {
    if (isMissing(err) && rules.missing === 'absent') return { ok: true, buf: null };
    const hint = isMissing(err) && rules.missing !== 'absent' ? rules.missing : '';
    return { ok: false, code: 'refused', message: describeFsError(err, rel) + hint };
  }
}

function refuse(rel: string, r: RegularCheck & { ok: false }, rules: ReadRules): FileBytes {
  if (r.code === 'directory') return { ok: false, code: 'refused', message: rules.directory };
  if (r.code === 'not_regular')
    return { ok: false, code: 'refused', message: notRegularMessage(rel, r.stat, rules.notRegular) };
  return { ok: false, code: 'too_large', message: rules.tooLarge ?? `${rel} is too large.` };
}

export type StrictText = { ok: true; text: string; bom: boolean } | { ok: false; message: string };

/**
 * Text a tool rewrites: binary refused (`binary` is the message), UTF-8 strict (a lenient decode would
 * rewrite undecodable bytes no change touched), the BOM kept apart so it can be put back.
 */
export function decodeStrict(rel: string, buf: Buffer, binary: string): StrictText {
  if (looksBinary(buf)) return { ok: false, message: binary };
  const decoded = decodeUtf8(buf);
  if (!decoded.ok) return { ok: false, message: invalidUtf8Refusal(rel, decoded.offset) };
  return decoded;
}

/** Text a tool only shows: binary refused, BOM dropped, undecodable bytes as U+FFFD with a note saying so. */
export function decodeLenient(
  rel: string,
  buf: Buffer,
  binary: string,
): { ok: true; text: string; note?: string } | { ok: false; message: string } {
  if (looksBinary(buf)) return { ok: false, message: binary };
  const raw = buf.toString('utf8');
  const text = raw.startsWith('\uFEFF') ? raw.slice(1) : raw;
  const bad = firstInvalidUtf8(buf);
  return bad < 0 ? { ok: true, text } : { ok: true, text, note: invalidUtf8Note(rel, bad) };
}

function isMissing(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && err.code === 'ENOENT';
}
