// Strict UTF-8 for tools that rewrite a file. A lenient decode turns undecodable bytes into U+FFFD, and
// writing the text back would then change bytes the edit never touched; so those tools refuse instead.

/** Throws on any invalid sequence; drops a leading BOM (reported separately so it can be put back). */
const strict = new TextDecoder('utf-8', { fatal: true });

export type Utf8Text = { ok: true; text: string; bom: boolean } | { ok: false; offset: number };

/** The text of `buf` without a leading BOM, or the offset of its first invalid byte. */
export function decodeUtf8(buf: Uint8Array): Utf8Text {
  try {
    const text = strict.decode(buf);
    return { ok: true, text, bom: buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf };
  } catch {
    return { ok: false, offset: Math.max(0, firstInvalidUtf8(buf)) };
  }
}

/** `text` as it goes back to disk: with the BOM the file had. */
export function withBom(text: string, bom: boolean): string {
  return bom ? `\uFEFF${text}` : text;
}

/**
 * Offset of the first byte that starts an invalid UTF-8 sequence (an unexpected continuation byte, an
 * overlong form, a surrogate, a code point past U+10FFFF, a truncated sequence), or -1 when all is valid.
 */
export function firstInvalidUtf8(buf: Uint8Array): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let j = 1; j <= need; j++) {
      const c = buf[i + j];
      if (c === undefined) return i;
      if (j === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** For edit_file and apply_patch: nothing was written. */
export function invalidUtf8Refusal(rel: string, offset: number): string {
  return (
    `${rel} is not valid UTF-8 (first bad byte at offset ${offset}); not changed. ` +
    'Use write_file to replace it whole, or run_command.'
  );
}

/** For read_file, which shows such bytes as U+FFFD. */
export function invalidUtf8Note(rel: string, offset: number): string {
  return (
    `Note: ${rel} is not valid UTF-8 (first bad byte at offset ${offset}); such bytes are shown as \uFFFD, ` +
    'and edit_file/apply_patch will not change this file.'
  );
}
