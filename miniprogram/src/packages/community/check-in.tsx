import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { checkInWithSiteCode, getCheckInToken, type CheckInResult } from '@memberloop/shared';
import { QrCode } from '../../components/QrCode';
import { useRotatingCode } from '../../hooks/use-rotating-code';
import { messageOf } from '../../services/api-client';
import { CAN_SCAN, scanQrCode } from '../../services/scan';
import { callAsMember } from '../../services/session';

/** WeChat scans with the camera; the H5 build has no scanner, so the code is typed or pasted instead. */
/** The shortest code the server accepts: anything shorter was cut off when pasted. */
const MIN_CODE_LENGTH = 20;

/** The member's check-in QR code for the staff to scan: a signed minute-long token, renewed while on screen. */
export function CheckInQr({ activityId }: { activityId: string }) {
  const { code, retry } = useRotatingCode(() => callAsMember(getCheckInToken, { params: { activityId } }), {
    wording: { ACTIVITY_CLOSED: '现在不在签到时间内', CONFLICT: '只有报名成功的会员才有签到码' },
  });
  return (
    <View className='check-in-qr' data-testid='check-in-qr'>
      {code.kind === 'ready' && <QrCode text={code.token} size={400} />}
      {code.kind === 'ready' && code.shortCode && (
        <Text className='check-in-qr__short' data-testid='check-in-short-code'>
          签到数字码{' '}
          <Text className='check-in-qr__digits'>
            {code.shortCode.slice(0, 3)} {code.shortCode.slice(3)}
          </Text>
        </Text>
      )}
      {code.kind === 'loading' && <Text className='check-in-qr__status'>签到码生成中…</Text>}
      {code.kind === 'failed' && (
        <View className='check-in-qr__failed'>
          <Text className='check-in-qr__status'>{code.message}</Text>
          {!code.retrying && (
            <Button size='mini' onClick={retry}>
              重试
            </Button>
          )}
        </View>
      )}
      {code.kind === 'ready' && (
        <Text className='check-in-qr__hint'>
          {code.problem ?? `请向工作人员出示，签到码每分钟自动刷新（${code.refreshInSeconds} 秒）`}
        </Text>
      )}
    </View>
  );
}

/** Checking in by the activity's on-site code: scanned with the camera in WeChat, typed or pasted in H5. */
export function SiteCodeCheckIn({
  activityId,
  onCheckedIn,
}: {
  activityId: string;
  onCheckedIn: (result: CheckInResult) => void;
}) {
  const [typed, setTyped] = useState('');
  const [sending, setSending] = useState(false);

  const send = async (code: string) => {
    if (code.length < MIN_CODE_LENGTH) {
      await Taro.showToast({ title: '签到码不完整，请重新扫描或粘贴', icon: 'none' });
      return;
    }
    setSending(true);
    try {
      const result = await callAsMember(checkInWithSiteCode, { params: { activityId }, body: { code } });
      setTyped('');
      onCheckedIn(result);
    } catch (error) {
      await Taro.showToast({
        title: messageOf(error, {
          INVALID_CHECKIN_TOKEN: '签到码无效或已过期，请扫描现场最新的签到码',
          ACTIVITY_CLOSED: '现在不在签到时间内',
          CONFLICT: '只有报名成功的会员可以签到',
        }),
        icon: 'none',
      });
    } finally {
      setSending(false);
    }
  };

  const scan = async () => {
    const scanned = await scanQrCode();
    if (scanned !== undefined) await send(scanned);
  };

  if (CAN_SCAN) {
    return (
      <Button className='check-in__scan' disabled={sending || undefined} onClick={() => void scan()}>
        扫描现场签到码
      </Button>
    );
  }
  return (
    <View className='check-in__manual'>
      <Input
        className='check-in__input'
        data-testid='site-code-input'
        placeholder='粘贴现场签到码'
        value={typed}
        onInput={(event) => setTyped(event.detail.value)}
      />
      <Button size='mini' className='primary-button' disabled={sending || undefined} onClick={() => void send(typed.trim())}>
        签到
      </Button>
    </View>
  );
}
