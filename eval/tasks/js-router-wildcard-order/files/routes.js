import { createRouter } from './router.js';
import { listUsers, showUser, userSubresource, listUserPosts, createPost } from './handlers.js';

export const router = createRouter();

router.add('GET', '/users', listUsers);
router.add('GET', '/users/:id', showUser);
router.add('GET', '/users/:id/*', userSubresource);
router.add('GET', '/users/:id/posts', listUserPosts);
router.add('POST', '/users/:id/posts', createPost);

export function handle(method, path) {
  const found = router.match(method, path);
  return found ? found.handler(found.params) : { status: 404, body: 'not found' };
}
