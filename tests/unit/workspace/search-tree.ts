// A small tree that exercises every rule the two search engines must agree on.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFiles } from '../helpers/tool-context.js';

export async function writeSearchTree(root: string, outside: string): Promise<void> {
  const nulLate = Buffer.concat([
    Buffer.from('foo before the binary part\n'),
    Buffer.from(`${'y'.repeat(99)}\n`.repeat(1000)),
    Buffer.from('foo just before\x00 the nul\nfoo after\n'),
  ]);
  await writeFiles(root, {
    '.gitignore': '*.log\n/build/\ndist/\n!keep.log\nsub/anchored.txt\n',
    'a.txt': 'foo bar\nfoo(x) = 1\nnothing\n',
    'a/b.txt': 'foo in a/b\n',
    'a.log': 'foo ignored log\n',
    'keep.log': 'foo kept log\n',
    '.env': 'FOO=foo hidden\n',
    'build/out.js': 'foo build\n',
    'src/build/inner.js': 'foo not root build\n',
    'dist/x.js': 'foo dist\n',
    'src/dist/y.js': 'foo nested dist\n',
    'src/main.ts': 'import foo from "./foo";\r\nexport const fooBar = foo;\r\nconst x = 42; // foo\r\n',
    'src/uni.ts':
      'const s = "héllo wörld foo";\nconst t = "日本語 foo";\nconst e = "😀 foo 😀";\nfooé\néfoo\n',
    'src/bom.ts': '\uFEFFfoo with bom\n',
    'src/no-eol.ts': 'last line foo',
    'src/latin1.txt': Buffer.from([0x66, 0x6f, 0x6f, 0x20, 0xe9, 0x0a]),
    'src/data.bin': Buffer.concat([Buffer.from('foo\n'), Buffer.from([0, 1, 2]), Buffer.from('foo\n')]),
    'src/mid-nul.txt': Buffer.concat([
      Buffer.from('foo\n'.repeat(2000)),
      Buffer.from([0]),
      Buffer.from('foo\n'),
    ]),
    'src/late-nul.txt': nulLate,
    'src/many.txt': 'foo 1\nfoo 2\nfoo 3\nfoo 4\nfoo 5\n',
    'sub/.gitignore': 'secret.txt\n*.gen.ts\n!important.gen.ts\n/local-only/\n',
    'sub/secret.txt': 'foo secret\n',
    'sub/anchored.txt': 'foo anchored\n',
    'sub/code.ts': 'function foo() { return 1; }\n',
    'sub/a.gen.ts': 'foo generated\n',
    'sub/important.gen.ts': 'foo important\n',
    'sub/local-only/x.ts': 'foo local\n',
    'sub/deep/local-only/y.ts': 'foo deep local\n',
    'sub/deep/secret.txt': 'foo deep secret\n',
    'sub/deep/z.ts': 'foo deep z\nFOO upper\nfoofoo\n',
    'sub/deep/.gitignore': '!secret.txt\n',
    'sub/node_modules/p/i.js': 'foo nested module\n',
    'node_modules/p/index.js': 'foo module\n',
    'node_modules/p/node_modules/q/q.js': 'foo inner module\n',
    '.git/HEAD': 'foo git\n',
    'sub/.git': 'gitdir: foo\n',
    'émoji/😀.ts': 'foo emoji name\n',
    'émoji/ñ.ts': 'foo n tilde\n',
    'émoji/z.ts': 'foo z\n',
    'émoji/\uE000.ts': 'foo private use\n',
    'digits/n.ts': 'v1 = 12\nv2 = x\nid_3 = 345\n',
    'braces/b.ts': 'a{ x{ aa{2} }\naa\nx{,3}\n',
    'regex/r.ts': 'abab\naab\nfoobar\nfoo bar\ntab\there\n',
  });
  await writeFiles(outside, { 'secret.txt': 'foo outside\n' });
  await fs.symlink(path.join(outside, 'secret.txt'), path.join(root, 'link-out.txt'));
  await fs.symlink(outside, path.join(root, 'link-out-dir'));
  await fs.symlink('a.txt', path.join(root, 'link-in.txt'));
  await fs.symlink('sub', path.join(root, 'link-in-dir'));
}
