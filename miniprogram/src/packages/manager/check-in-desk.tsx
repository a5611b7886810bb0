import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { checkInMember, getActivityCheckInCode, type CheckInResult } from '@memberloop/shared';
import { QrCode } from '../../components/QrCode';
import { useRotatingCode } from '../../hooks/use-rotating-code';
import { messageOf } from '../../services/api-client';
import { CAN_SCAN, scanQrCode } from '../../services/scan';
import { callAsMember } from '../../services/session';
import { MIN_CHECK_IN_TOKEN_LENGTH, checkInResultText } from './manager-text';

/**
 * WeChat scans with the camera; the H5 build (a desktop, a till) has no scanner, so the six digits under the member's
 * code are typed instead (or the code pasted).
 */
const SHORT_CODE = /^\d{6}$/;

const CHECK_IN_WORDING = {
  INVALID_CHECKIN_TOKEN: '签到码无效或已过期，请会员刷新后再扫',
  CONFLICT: '这位会员还在候补或已取消报名，不能签到',
  NOT_FOUND: '这位会员没有报名这场活动',
  ACTIVITY_CLOSED: '现在不在签到时间内（开始前 1 小时至结束）',
} as const;

/** The activity's on-site code for members to scan, renewed every minute while shown. */
function SiteCode({ activityId }: { activityId: string }) {
  const { code, retry } = useRotatingCode(() => callAsMember(getActivityCheckInCode, { params: { activityId } }), {
    wording: { ACTIVITY_CLOSED: '现在不在签到时间内' },
  });
  return (
    <View className='site-code' data-testid='site-code'>
      {code.kind === 'ready' && <QrCode text={code.token} size={440} />}
      {code.kind === 'loading' && <Text className='site-code__hint'>签到码生成中…</Text>}
      {code.kind === 'failed' && (
        <>
          <Text className='site-code__hint'>{code.message}</Text>
          {!code.retrying && (
            <Button size='mini' onClick={retry}>
              重试
            </Button>
          )}
        </>
      )}
      {code.kind === 'ready' && (
        <Text className='site-code__hint'>
          {code.problem ?? `会员在活动页扫码即可签到，每分钟自动刷新（${code.refreshInSeconds} 秒）`}
        </Text>
      )}
    </View>
  );
}

/**
 * Checking members in: scan a member's code with the camera (WeChat), or paste it (H5, or when the camera cannot
 * read it); the last result stays on screen. The on-site code for members to scan can be shown instead.
 */
export function CheckInDesk({ activityId, onCheckedIn }: { activityId: string; onCheckedIn: () => void }) {
  const [typing, setTyping] = useState(!CAN_SCAN);
  const [typed, setTyped] = useState('');
  const [sending, setSending] = useState(false);
  const [last, setLast] = useState<{ tone: 'ok' | 'again' | 'failed'; title: string; detail: string }>();
  const [showingSiteCode, setShowingSiteCode] = useState(false);

  const checkIn = async (typedOrScanned: string) => {
    // Six digits (spaces allowed) are the number under the member's QR code; anything else is the code itself.
    const digits = typedOrScanned.replace(/\s/g, '');
    const body: { shortCode: string } | { token: string } = SHORT_CODE.test(digits)
      ? { shortCode: digits }
      : { token: typedOrScanned };
    if ('token' in body && body.token.length < MIN_CHECK_IN_TOKEN_LENGTH) {
      setLast({ tone: 'failed', title: '签到码不完整', detail: '请输入会员签到码下方的 6 位数字，或重新扫描' });
      return;
    }
    if (sending) return;
    setSending(true);
    try {
      const result: CheckInResult = await callAsMember(checkInMember, { params: { activityId }, body });
      setLast({ tone: result.replayed ? 'again' : 'ok', ...checkInResultText(result) });
      setTyped('');
      onCheckedIn();
    } catch (error) {
      setLast({ tone: 'failed', title: '签到未成功', detail: messageOf(error, CHECK_IN_WORDING) });
    } finally {
      setSending(false);
    }
  };

  const scan = async () => {
    const scanned = await scanQrCode();
    if (scanned !== undefined) await checkIn(scanned);
  };

  return (
    <View className='check-in-desk'>
      {CAN_SCAN && (
        <Button className='primary-button' disabled={sending || undefined} onClick={() => void scan()}>
          扫描会员签到码
        </Button>
      )}
      {typing ? (
        <View className='check-in-desk__manual'>
          <Input
            className='check-in-desk__input'
            data-testid='member-code-input'
            placeholder='输入会员签到码下方的 6 位数字'
            value={typed}
            onInput={(event) => setTyped(event.detail.value)}
            onConfirm={() => void checkIn(typed.trim())}
          />
          <Button
            size='mini'
            className='primary-button'
            disabled={sending || undefined}
            onClick={() => void checkIn(typed.trim())}
          >
            签到
          </Button>
        </View>
      ) : (
        <Text className='check-in-desk__link' onClick={() => setTyping(true)}>
          扫不出来？输入 6 位数字码
        </Text>
      )}
      {last && (
        <View className={`check-in-result check-in-result--${last.tone}`} data-testid='check-in-result'>
          <Text className='check-in-result__title'>{last.title}</Text>
          <Text className='check-in-result__detail'>{last.detail}</Text>
        </View>
      )}
      {showingSiteCode ? (
        <>
          <SiteCode activityId={activityId} />
          <Button size='mini' className='check-in-desk__toggle' onClick={() => setShowingSiteCode(false)}>
            收起现场签到码
          </Button>
        </>
      ) : (
        <Button size='mini' className='check-in-desk__toggle' onClick={() => setShowingSiteCode(true)}>
          显示现场签到码（会员自助扫码）
        </Button>
      )}
    </View>
  );
}
