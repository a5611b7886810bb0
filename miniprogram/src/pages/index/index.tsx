import { useCallback, useEffect, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { getProgramOverview, type ProgramOverview } from '@memberloop/shared';
import { TierLadder } from '../../components/TierLadder';
import { ApiCallError, callEndpoint } from '../../services/api-client';
import './index.css';

type LoadState = { kind: 'loading' } | { kind: 'ready'; programme: ProgramOverview } | { kind: 'failed'; message: string };

/** The member's home. Until sign-in lands it presents the brand's programme: its tiers and what they unlock. */
export default function HomePage() {
  const [state, setState] = useState<LoadState>({ kind: 'loading' });

  const load = useCallback(async () => {
    setState({ kind: 'loading' });
    try {
      setState({ kind: 'ready', programme: await callEndpoint(getProgramOverview) });
    } catch (error) {
      setState({ kind: 'failed', message: error instanceof ApiCallError ? error.message : '加载失败，请稍后重试' });
    } finally {
      Taro.stopPullDownRefresh();
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);
  usePullDownRefresh(() => void load());

  return (
    <View className='home'>
      <View className='home__card'>
        <Text className='home__brand'>{state.kind === 'ready' ? state.programme.brandName : '会员中心'}</Text>
        <Text className='home__title'>会员等级与权益</Text>
      </View>
      {state.kind === 'loading' && <Text className='home__status'>加载中…</Text>}
      {state.kind === 'failed' && (
        <View className='home__status home__status--error'>
          <Text>{state.message}</Text>
          <Button className='home__retry' size='mini' onClick={() => void load()}>
            重试
          </Button>
        </View>
      )}
      {state.kind === 'ready' && <TierLadder tiers={state.programme.tiers} />}
    </View>
  );
}
