import type { PropsWithChildren, ReactNode } from 'react';
import { Button, Text, View } from '@tarojs/components';
import type { Remote } from '../../hooks/use-remote';
import { SCREEN_TEXT } from './screen-text';
import './index.css';

export interface ScreenProps<T> {
  state: Remote<T>;
  onRetry: () => void;
  children: (data: T) => ReactNode;
}

/** A screen's three states: a loading line, the error with a retry button, or the content. */
export function Screen<T>({ state, onRetry, children }: ScreenProps<T>) {
  if (state.kind === 'loading') return <Text className='screen__status'>{SCREEN_TEXT.loading}</Text>;
  if (state.kind === 'failed') {
    return (
      <View className='screen__status screen__status--error'>
        <Text>{state.message}</Text>
        <Button className='screen__retry' size='mini' onClick={onRetry}>
          {SCREEN_TEXT.retry}
        </Button>
      </View>
    );
  }
  return <>{children(state.data)}</>;
}

/** A white card with a title, the building block of every page. */
export function Section({ title, extra, children }: PropsWithChildren<{ title: string; extra?: ReactNode }>) {
  return (
    <View className='section'>
      <View className='section__head'>
        <Text className='section__title'>{title}</Text>
        {extra}
      </View>
      {children}
    </View>
  );
}

export function Empty({ text }: { text: string }) {
  return <Text className='screen__empty'>{text}</Text>;
}
