/** The words of sharing a page in the H5 build (no share sheet: the link is copied). */
export const SHARE_TEXT = {
  copied: '链接已复制，发给好友',
  linkTitle: '分享链接',
} as const;
