// Names compared the way a file system compares them. Windows drops trailing dots and spaces, reads
// `name:stream` as a stream of `name`, folds case and answers to 8.3 short names (GIT~1 is .git); macOS
// folds case, normalises Unicode and (HFS+) ignores some invisible code points. A folder the app opens may
// be shared with another OS, so protection asks whether a name aliases a protected one on any of them.

export type FsPlatform = 'linux' | 'darwin' | 'win32';

export const FS_PLATFORMS: readonly FsPlatform[] = ['linux', 'darwin', 'win32'];

/** Code points HFS+ leaves out of names it compares (git's is_hfs_dotgit list, plus U+200B). */
const HFS_IGNORABLE = /[\u200B-\u200F\u202A-\u202E\u206A-\u206F\uFEFF]/gu;

/** An 8.3 short name: up to six characters, `~N`, an extension of up to three. */
const SHORT_NAME = /^([^~.]{1,6})~([1-9][0-9]{0,5})(?:\.([^.]{1,3}))?$/;
/** Characters an 8.3 name cannot hold; Windows writes `_` for each (non-ASCII included). */
const NOT_IN_SHORT_NAME = /[^A-Z0-9!#$%&'()@^_`{}~-]/g;

/** The form under which `platform`'s file system compares one path component. */
export function fsNameKey(name: string, platform: FsPlatform): string {
  switch (platform) {
    case 'linux':
      return name;
    case 'darwin':
      return foldCase(name.replace(HFS_IGNORABLE, '').normalize('NFD')).normalize('NFC');
    case 'win32':
      return foldCase(windowsName(name));
  }
}

/** Whether `a` and `b` name the same entry in one folder on `platform` (8.3 short names included). */
export function sameFsName(a: string, b: string, platform: FsPlatform): boolean {
  if (fsNameKey(a, platform) === fsNameKey(b, platform)) return true;
  return platform === 'win32' && (couldBeShortName(a, b) || couldBeShortName(b, a));
}

/** Whether `name` reaches the entry `target` on some platform's file system. */
export function aliasesName(name: string, target: string): boolean {
  return FS_PLATFORMS.some((platform) => sameFsName(name, target, platform));
}

/** The components of a relative path, split on `/` and on `\` (a separator on Windows). */
export function pathComponents(rel: string): string[] {
  return rel.split(/[/\\]/).filter((p) => p !== '' && p !== '.');
}

/** Whether `rel` is `base` or lies under it, component by component, on some platform. */
export function isUnderAliased(rel: string, base: string): boolean {
  const parts = pathComponents(rel);
  const baseParts = pathComponents(base);
  if (baseParts.length === 0 || parts.length < baseParts.length) return false;
  return baseParts.every((b, i) => aliasesName(parts[i] as string, b));
}

/** The name Windows stores: no stream suffix (`:s`, `::$DATA`), no trailing dots or spaces. */
function windowsName(name: string): string {
  const colon = name.indexOf(':');
  return (colon >= 0 ? name.slice(0, colon) : name).replace(/[. ]+$/, '');
}

/** Full-ish case folding: upper then lower maps ſ to s and the Kelvin sign to k, as folding does. */
function foldCase(s: string): string {
  return s.toUpperCase().toLowerCase();
}

/** Whether Windows could have given `long` the 8.3 short name `short` (any ~N, hashed forms too). */
function couldBeShortName(short: string, long: string): boolean {
  const m = SHORT_NAME.exec(windowsName(short).toUpperCase());
  if (!m) return false;
  const prefix = m[1] as string;
  const { base, ext } = shortNameParts(long);
  if (base === '' || (m[3] ?? '') !== ext.slice(0, 3)) return false;
  if (prefix === base.slice(0, Math.min(6, base.length))) return true;
  // Past a few collisions Windows keeps one or two characters and adds four hex digits of a hash.
  const hashed = /^(.{1,2})[0-9A-F]{4}$/.exec(prefix);
  return hashed !== null && base.startsWith(hashed[1] as string);
}

/** The long name as 8.3 generation sees it: no spaces or leading dots, the last dot starts the extension. */
function shortNameParts(long: string): { base: string; ext: string } {
  const name = windowsName(long).replace(/ /g, '').replace(/^\.+/, '').toUpperCase();
  const dot = name.lastIndexOf('.');
  const base = (dot >= 0 ? name.slice(0, dot) : name).replace(/\./g, '');
  const ext = dot >= 0 ? name.slice(dot + 1) : '';
  return { base: base.replace(NOT_IN_SHORT_NAME, '_'), ext: ext.replace(NOT_IN_SHORT_NAME, '_') };
}
