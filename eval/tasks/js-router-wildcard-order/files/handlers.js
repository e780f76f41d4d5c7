export const listUsers = () => ({ status: 200, body: 'all users' });
export const showUser = ({ id }) => ({ status: 200, body: `user ${id}` });
export const userSubresource = ({ id }) => ({ status: 404, body: `no such resource for user ${id}` });
export const listUserPosts = ({ id }) => ({ status: 200, body: `posts of user ${id}` });
export const createPost = ({ id }) => ({ status: 201, body: `new post for user ${id}` });
