import { describe, expect, it } from 'vitest';
import { linkHost, webLink } from '../../../src/renderer/src/lib/web-link';

describe('webLink', () => {
  it('keeps absolute http(s) addresses, normalised', () => {
    expect(webLink('https://example.com/docs?q=1#top')).toBe('https://example.com/docs?q=1#top');
    expect(webLink('HTTP://Example.COM')).toBe('http://example.com/');
    expect(webLink('https://bücher.example/')).toBe('https://xn--bcher-kva.example/');
    expect(webLink('https://example.com/a b')).toBe('https://example.com/a%20b');
  });

  it('refuses every other scheme, however it is written', () => {
    for (const url of [
      'javascript:window.__pwned=1',
      ' JavaScript:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'file:///etc/passwd',
      'vbscript:msgbox(1)',
      'mailto:someone@example.com',
      'blob:https://example.com/x',
    ]) {
      expect(webLink(url), url).toBeNull();
    }
  });

  it('refuses relative, empty and over-long addresses', () => {
    expect(webLink('src/math.js')).toBeNull();
    expect(webLink('/etc/passwd')).toBeNull();
    expect(webLink('//example.com/x')).toBeNull();
    expect(webLink('#section')).toBeNull();
    expect(webLink('')).toBeNull();
    expect(webLink(undefined)).toBeNull();
    expect(webLink(`https://example.com/${'a'.repeat(2000)}`)).toBeNull();
  });

  it('names the real host behind a user-info disguise', () => {
    const url = webLink('https://trusted.example@evil.example/login');
    expect(url).not.toBeNull();
    expect(linkHost(url as string)).toBe('evil.example');
  });
});
