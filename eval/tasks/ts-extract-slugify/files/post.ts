export interface Post {
  title: string;
  slug: string;
  body: string;
  tags: string[];
}

// "Crème Brûlée: 10 Tips!" -> "creme-brulee-10-tips"
function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export function createPost(title: string, body: string, tags: string[] = []): Post {
  const slug = slugify(title);
  if (slug === '') throw new Error('the title needs at least one letter or digit');
  return { title: title.trim(), slug, body, tags: tags.map(slugify).filter(Boolean) };
}

export function permalink(post: Post, base: string): string {
  return `${base.replace(/\/+$/, '')}/posts/${post.slug}`;
}
