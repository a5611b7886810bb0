import { useRef, useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { checkInMember, getActivityCheckInCode, type CheckInResult } from '@memberloop/shared';
import { MemberFace } from '../../components/ProfileCard';
import { QrCode } from '../../components/QrCode';
import { ActionGate, refusalText } from '../../hooks/use-action';
import { useRotatingCode } from '../../hooks/use-rotating-code';
import { CAN_SCAN, scanQrCode } from '../../services/scan';
import { callAsMember } from '../../services/session';
import { CHECK_IN_REFUSALS, CHECK_IN_TEXT as T } from './check-in-text';
import { checkInBodyOf } from './check-in-code';
import { checkInResultText } from './manager-text';

/** The activity's on-site code for members to scan, renewed every minute while shown. */
function SiteCode({ activityId }: { activityId: string }) {
  const { code, retry } = useRotatingCode(() => callAsMember(getActivityCheckInCode, { params: { activityId } }), {
    wording: { ACTIVITY_CLOSED: T.notOpen },
  });
  return (
    <View className='site-code' data-testid='site-code'>
      {code.kind === 'ready' && <QrCode text={code.token} size={440} />}
      {code.kind === 'loading' && <Text className='site-code__hint'>{T.siteCodeLoading}</Text>}
      {code.kind === 'failed' && (
        <>
          <Text className='site-code__hint'>{code.message}</Text>
          {!code.retrying && (
            <Button size='mini' onClick={retry}>
              {T.retry}
            </Button>
          )}
        </>
      )}
      {code.kind === 'ready' && <Text className='site-code__hint'>{code.problem ?? T.siteCodeHint(code.refreshInSeconds)}</Text>}
    </View>
  );
}

interface DeskResult {
  tone: 'ok' | 'again' | 'failed';
  title: string;
  detail: string;
  /** Who was checked in: their face, for the desk to see it is them. */
  member?: Pick<CheckInResult, 'nickname' | 'avatarUrl'>;
}

/**
 * Checking members in: scan a member's code with the camera (WeChat: Taro.scanCode), or type the six digits under
 * it (H5, or when the camera cannot read it); the last result stays on screen, with the member's face. One check-in
 * at a time (ActionGate): a second tap while one runs is ignored. The on-site code for members to scan can be shown
 * instead.
 */
export function CheckInDesk({ activityId, onCheckedIn }: { activityId: string; onCheckedIn: () => void }) {
  const [typing, setTyping] = useState(!CAN_SCAN);
  const [typed, setTyped] = useState('');
  const gate = useRef(new ActionGate()).current;
  const [sending, setSending] = useState(false);
  const [last, setLast] = useState<DeskResult>();
  const [showingSiteCode, setShowingSiteCode] = useState(false);

  const checkIn = async (typedOrScanned: string) => {
    const body = checkInBodyOf(typedOrScanned);
    if (!body) {
      setLast({ tone: 'failed', title: T.incomplete, detail: T.incompleteDetail });
      return;
    }
    if (gate.busy) return;
    setSending(true);
    try {
      const result = await gate.run(
        () => callAsMember(checkInMember, { params: { activityId }, body }),
        JSON.stringify(body),
        (error) => setLast({ tone: 'failed', title: T.failed, detail: refusalText(error, { refusals: CHECK_IN_REFUSALS }) }),
      );
      if (!result) return;
      setLast({ tone: result.replayed ? 'again' : 'ok', ...checkInResultText(result), member: result });
      setTyped('');
      onCheckedIn();
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
        <Button
          className='primary-button'
          data-testid='scan-member-code'
          disabled={sending || undefined}
          onClick={() => void scan()}
        >
          {T.scan}
        </Button>
      )}
      {typing ? (
        <View className='check-in-desk__manual'>
          <Input
            className='check-in-desk__input'
            data-testid='member-code-input'
            placeholder={T.typePlaceholder}
            value={typed}
            onInput={(event) => setTyped(event.detail.value)}
            onConfirm={() => void checkIn(typed)}
          />
          <Button
            size='mini'
            className='primary-button'
            data-testid='check-in-button'
            disabled={sending || typed.trim() === '' || undefined}
            onClick={() => void checkIn(typed)}
          >
            {sending ? T.checkingIn : T.checkIn}
          </Button>
        </View>
      ) : (
        <Text className='check-in-desk__link' onClick={() => setTyping(true)}>
          {T.cannotScan}
        </Text>
      )}
      {last && (
        <View className={`check-in-result check-in-result--${last.tone}`} data-testid='check-in-result'>
          {last.member && <MemberFace person={last.member} url={last.member.avatarUrl} size={72} />}
          <Text className='check-in-result__title'>{last.title}</Text>
          <Text className='check-in-result__detail'>{last.detail}</Text>
        </View>
      )}
      {showingSiteCode ? (
        <>
          <SiteCode activityId={activityId} />
          <Button size='mini' className='check-in-desk__toggle' onClick={() => setShowingSiteCode(false)}>
            {T.hideSiteCode}
          </Button>
        </>
      ) : (
        <Button size='mini' className='check-in-desk__toggle' onClick={() => setShowingSiteCode(true)}>
          {T.showSiteCode}
        </Button>
      )}
    </View>
  );
}
