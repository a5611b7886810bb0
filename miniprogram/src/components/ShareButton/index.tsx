import type { ReactNode } from 'react';
import { Button } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { SHARE_TEXT } from './share-text';

export interface ShareButtonProps {
  /** The page a friend opens, e.g. `/packages/group-buy/group?id=…` (the same path the page's useShareAppMessage gives). */
  path: string;
  children: ReactNode;
  className?: string;
  disabled?: boolean;
}

/** The link a friend opens in the H5 build: this app, on `path`, without the demo's `?as=` account. */
export function h5LinkTo(path: string, location: { origin: string; pathname: string }): string {
  return `${location.origin}${location.pathname}#${path.startsWith('/') ? path : `/${path}`}`;
}

/**
 * Shares a page with a friend: in WeChat the share sheet (the page's useShareAppMessage says what is sent); the H5
 * build has no share sheet, so it copies a link to the page instead.
 */
export function ShareButton({ path, children, className = 'primary-button', disabled }: ShareButtonProps) {
  if (process.env.TARO_ENV === 'weapp') {
    return (
      <Button className={className} openType='share' disabled={disabled || undefined}>
        {children}
      </Button>
    );
  }
  const copy = async () => {
    const link = h5LinkTo(path, window.location);
    try {
      await Taro.setClipboardData({ data: link });
      await Taro.showToast({ title: SHARE_TEXT.copied, icon: 'none' });
    } catch {
      // No clipboard (an insecure page, a locked-down browser): show the link to copy by hand.
      await Taro.showModal({ title: SHARE_TEXT.linkTitle, content: link, showCancel: false });
    }
  };
  return (
    <Button className={className} disabled={disabled || undefined} onClick={() => void copy()}>
      {children}
    </Button>
  );
}
