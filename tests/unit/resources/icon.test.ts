// The window's icon (src/main/index.ts names resources/icon.png): a real PNG, square and large enough
// for every platform's taskbar, rendered from the SVG beside it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const resources = path.join(import.meta.dirname, '../../../resources');

describe('resources/', () => {
  it('holds the icon as a square PNG of at least 256 px, and its SVG source', () => {
    const png = readFileSync(path.join(resources, 'icon.png'));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.toString('latin1', 12, 16)).toBe('IHDR');
    const width = png.readUInt32BE(16);
    expect(width).toBeGreaterThanOrEqual(256);
    expect(png.readUInt32BE(20)).toBe(width);
    expect(readFileSync(path.join(resources, 'icon.svg'), 'utf8')).toMatch(
      /^<svg [^>]*viewBox="0 0 512 512"/,
    );
  });
});
