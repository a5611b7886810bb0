import { useState } from 'react';
import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { listStaffAnnouncements, postAnnouncement } from '@memberloop/shared';
import { Empty, Screen, Section } from '../../components/Screen';
import { useRemote } from '../../hooks/use-remote';
import { useAction } from '../../hooks/use-action';
import { ApiCallError } from '../../services/api-client';
import { dateTimeText } from '../../services/date-text';
import { callAsMember } from '../../services/session';
import { announcementProblems, BODY_MAX, TITLE_MAX } from './announce-form';
import { ANNOUNCE_TEXT as T } from './desk-text';
import './manager.css';

const COMMUNITY_ID = /^[0-9a-f]{24}$/;

/** Announce to a community's members (a WeChat message each, with their consent) and see what was sent. */
export default function AnnouncePage() {
  const communityId = useRouter().params.communityId ?? '';
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [touched, setTouched] = useState(false);
  // One announcement at a time; the same one sent again after a lost reply is posted once.
  const { busy: sending, run } = useAction();
  const { state, reload } = useRemote(async () => {
    if (!COMMUNITY_ID.test(communityId)) throw new ApiCallError('NOT_FOUND', T.linkBroken);
    return (await callAsMember(listStaffAnnouncements, { params: { communityId } })).announcements;
  });

  const problems = announcementProblems(title, body);
  const valid = Object.keys(problems).length === 0;

  const send = async () => {
    setTouched(true);
    // Checked before anything is asked or sent: an empty announcement never reaches the confirmation.
    if (!valid || sending) return;
    const draft = { title: title.trim(), body: body.trim() };
    const answer = await Taro.showModal({
      title: T.confirmTitle,
      content: T.confirm(draft.title),
    });
    if (!answer.confirm) return;
    const sent = await run(
      (key) => callAsMember(postAnnouncement, { params: { communityId }, body: draft, headers: { 'idempotency-key': key } }),
      JSON.stringify(draft),
      {
        success: (result) => T.sent(result.recipients),
        refusals: T.refusals,
      },
    );
    if (!sent) return;
    setTitle('');
    setBody('');
    setTouched(false);
    await reload();
  };

  return (
    <View className='page manager'>
      <Section title={T.title}>
        <View className='form-row'>
          <Text className='form-row__label'>{T.titleLabel}</Text>
          <Input
            className='form-row__input'
            data-testid='announcement-title'
            maxlength={TITLE_MAX}
            placeholder={T.titlePlaceholder(TITLE_MAX)}
            value={title}
            onInput={(event) => setTitle(event.detail.value)}
          />
        </View>
        {touched && problems.title && <Text className='form-problem'>{problems.title}</Text>}
        <Textarea
          className='form-textarea'
          data-testid='announcement-body'
          maxlength={BODY_MAX}
          placeholder={T.bodyPlaceholder}
          value={body}
          onInput={(event) => setBody(event.detail.value)}
        />
        {touched && problems.body && <Text className='form-problem'>{problems.body}</Text>}
        <Text className='form-hint'>{T.bodyHint(Array.from(body).length, BODY_MAX)}</Text>
        <Button
          className='primary-button'
          data-testid='announcement-send'
          disabled={sending || (touched && !valid) || undefined}
          loading={sending}
          onClick={() => void send()}
        >
          {sending ? T.sending : T.send}
        </Button>
      </Section>
      <Screen state={state} onRetry={() => void reload()}>
        {(announcements) => (
          <Section title={T.sentList}>
            {announcements.length === 0 && <Empty text={T.noneSent} />}
            {announcements.map((a) => (
              <View key={a.id} className='sent-item' data-testid='sent-announcement'>
                <View className='sent-item__head'>
                  <Text className='sent-item__title'>{a.title}</Text>
                  <Text className={`status status--${a.status === 'sent' ? 'open' : 'running'}`}>
                    {a.status === 'sent' ? T.statusSent : T.statusSending}
                  </Text>
                </View>
                <Text className='sent-item__body'>{a.body}</Text>
                <Text className='sent-item__meta'>{T.sentMeta(dateTimeText(a.createdAt), a.recipients)}</Text>
              </View>
            ))}
          </Section>
        )}
      </Screen>
    </View>
  );
}
