/** Sent by the compose page when a post was submitted: the posts page shows the member's own posts. */
export const POST_SUBMITTED = 'posts:submitted';
