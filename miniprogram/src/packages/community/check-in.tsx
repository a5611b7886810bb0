import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { checkInWithSiteCode, getCheckInToken, type CheckInResult } from '@memberloop/shared';
import { QrCode } from '../../components/QrCode';
import { useAction } from '../../hooks/use-action';
import { useRotatingCode } from '../../hooks/use-rotating-code';
import { CAN_SCAN, scanQrCode } from '../../services/scan';
import { callAsMember } from '../../services/session';
import { siteCodeProblem } from './check-in-form';
import { CHECK_IN_TEXT, CODE_REFUSALS, SITE_CODE_REFUSALS } from './community-text';

/** The member's check-in QR code for the staff to scan: a signed minute-long token, renewed while on screen. */
export function CheckInQr({ activityId }: { activityId: string }) {
  const { code, retry } = useRotatingCode(() => callAsMember(getCheckInToken, { params: { activityId } }), {
    wording: CODE_REFUSALS,
  });
  return (
    <View className='check-in-qr' data-testid='check-in-qr'>
      {code.kind === 'ready' && <QrCode text={code.token} size={400} />}
      {code.kind === 'ready' && code.shortCode && (
        <Text className='check-in-qr__short' data-testid='check-in-short-code'>
          {CHECK_IN_TEXT.shortCode}{' '}
          <Text className='check-in-qr__digits'>
            {code.shortCode.slice(0, 3)} {code.shortCode.slice(3)}
          </Text>
        </Text>
      )}
      {code.kind === 'loading' && <Text className='check-in-qr__status'>{CHECK_IN_TEXT.generating}</Text>}
      {code.kind === 'failed' && (
        <View className='check-in-qr__failed'>
          <Text className='check-in-qr__status'>{code.message}</Text>
          {!code.retrying && (
            <Button size='mini' onClick={retry}>
              {CHECK_IN_TEXT.retry}
            </Button>
          )}
        </View>
      )}
      {code.kind === 'ready' && (
        <Text className='check-in-qr__hint'>{code.problem ?? CHECK_IN_TEXT.showToStaff(code.refreshInSeconds)}</Text>
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
  // The fault of the code last sent, named under the field until the member types again.
  const [problem, setProblem] = useState<string>();
  // One check-in at a time: a second tap while it runs sends nothing.
  const { busy: sending, run } = useAction();

  const send = async (scanned: string) => {
    // Checked against the server's contract before sending: a code cut off when pasted is named, never sent.
    const fault = siteCodeProblem(scanned);
    setProblem(fault);
    if (fault) {
      // Typed in H5, the fault shows under the field; a scan has no field to show it under.
      if (CAN_SCAN) await Taro.showToast({ title: fault, icon: 'none' });
      return;
    }
    const code = scanned.trim();
    const result = await run(
      () => callAsMember(checkInWithSiteCode, { params: { activityId }, body: { code } }),
      `check-in:${activityId}`,
      { refusals: SITE_CODE_REFUSALS },
    );
    if (!result) return;
    setTyped('');
    onCheckedIn(result);
  };

  const scan = async () => {
    const scanned = await scanQrCode();
    if (scanned !== undefined) await send(scanned);
  };

  if (CAN_SCAN) {
    return (
      <Button className='check-in__scan' disabled={sending || undefined} onClick={() => void scan()}>
        {CHECK_IN_TEXT.scan}
      </Button>
    );
  }
  return (
    <>
      <View className='check-in__manual'>
        <Input
          className='check-in__input'
          data-testid='site-code-input'
          placeholder={CHECK_IN_TEXT.paste}
          value={typed}
          onInput={(event) => {
            setTyped(event.detail.value);
            setProblem(undefined);
          }}
        />
        <Button
          size='mini'
          className='primary-button'
          data-testid='site-code-send'
          disabled={sending || Boolean(problem) || undefined}
          onClick={() => void send(typed)}
        >
          {sending ? CHECK_IN_TEXT.sending : CHECK_IN_TEXT.send}
        </Button>
      </View>
      {problem && (
        <Text className='check-in__problem activity-notice' data-testid='site-code-problem'>
          {problem}
        </Text>
      )}
    </>
  );
}
