import type { PropsWithChildren } from 'react';
import { useLaunch } from '@tarojs/taro';
import type { LaunchQuery } from './services/launch-invite';
import { noteLaunch } from './services/session';
// The theme's variables first: every stylesheet after it reads them.
import './theme.css';
// Taro picks shell.h5.ts for the H5 build (the navigation bar's and tab bar's styles) and the empty shell.ts elsewhere.
import './components/H5Shell/shell';
import './app.css';

if (process.env.TARO_ENV === 'h5') {
  /*
   * The H5 build's stylesheets are in rem, 1 rem for 40 px of the 750 px design: the root font size makes the
   * design's width fill the screen, as rpx does in WeChat (up to 750 CSS px on a wide window). Taro would do this
   * with an inline script in the page, which the server's Content-Security-Policy rightly refuses.
   */
  const fit = () => {
    const root = document.documentElement;
    const width = root.getBoundingClientRect().width || window.innerWidth;
    root.style.fontSize = `${Math.min(40, (40 * width) / 750)}px`;
  };
  fit();
  window.addEventListener('resize', fit);
}

function App({ children }: PropsWithChildren) {
  // Opened from a friend's invitation (a shared card or a mini-program code): the first sign-in carries it.
  useLaunch((options) => noteLaunch(options.query as LaunchQuery));
  return children;
}

export default App;
