/** The words every screen's states share. */
export const SCREEN_TEXT = {
  loading: '加载中…',
  retry: '重试',
} as const;
