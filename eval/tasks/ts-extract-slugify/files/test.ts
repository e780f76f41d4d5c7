import assert from 'node:assert/strict';
import { createPost, permalink } from './post.ts';
import { slugify } from './strings.ts';

assert.equal(slugify('Hello, World!'), 'hello-world');
assert.equal(slugify('  Crème Brûlée: 10 Tips! '), 'creme-brulee-10-tips');

const post = createPost(' Why TypeScript? ', 'Because.', ['Type Script', '!!']);
assert.deepEqual(post, { title: 'Why TypeScript?', slug: 'why-typescript', body: 'Because.', tags: ['type-script'] });
assert.equal(permalink(post, 'https://blog.example/'), 'https://blog.example/posts/why-typescript');
assert.throws(() => createPost('???', ''), /letter or digit/);

console.log('ok');
