import type { PropsWithChildren } from 'react';
import { useLaunch } from '@tarojs/taro';
import type { LaunchQuery } from './services/launch-invite';
import { noteLaunch } from './services/session';
import './app.css';

function App({ children }: PropsWithChildren) {
  // Opened from a friend's invitation (a shared card or a mini-program code): the first sign-in carries it.
  useLaunch((options) => noteLaunch(options.query as LaunchQuery));
  return children;
}

export default App;
