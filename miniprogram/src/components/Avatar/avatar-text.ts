/** The character on a face without a photo or name: 会 (会员), as the name reads; never 友. */
export const AVATAR_FALLBACK_INITIAL = '会';
