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
    if (!COMMUNITY_ID.test(communityId)) throw new ApiCallError('NOT_FOUND', '社群链接不完整');
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
      title: '发送公告',
      content: `「${draft.title}」将以微信消息发给社群成员，确定发送吗？`,
    });
    if (!answer.confirm) return;
    const sent = await run(
      (key) => callAsMember(postAnnouncement, { params: { communityId }, body: draft, headers: { 'idempotency-key': key } }),
      JSON.stringify(draft),
      {
        success: (result) => `已发送给 ${result.recipients} 位成员`,
        refusals: { FORBIDDEN: '这个社群不在你的管理范围内' },
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
      <Section title='发布公告'>
        <View className='form-row'>
          <Text className='form-row__label'>标题</Text>
          <Input
            className='form-row__input'
            data-testid='announcement-title'
            maxlength={TITLE_MAX}
            placeholder={`${TITLE_MAX} 字以内`}
            value={title}
            onInput={(event) => setTitle(event.detail.value)}
          />
        </View>
        {touched && problems.title && <Text className='form-problem'>{problems.title}</Text>}
        <Textarea
          className='form-textarea'
          data-testid='announcement-body'
          maxlength={BODY_MAX}
          placeholder='公告内容：活动提醒、到店福利、社群规则……'
          value={body}
          onInput={(event) => setBody(event.detail.value)}
        />
        {touched && problems.body && <Text className='form-problem'>{problems.body}</Text>}
        <Text className='form-hint'>
          {Array.from(body).length}/{BODY_MAX} · 以微信服务通知发送，未授权通知的成员可在社群公告里看到
        </Text>
        <Button
          className='primary-button'
          data-testid='announcement-send'
          disabled={sending || (touched && !valid) || undefined}
          loading={sending}
          onClick={() => void send()}
        >
          {sending ? '发送中…' : '发送公告'}
        </Button>
      </Section>
      <Screen state={state} onRetry={() => void reload()}>
        {(announcements) => (
          <Section title='已发布'>
            {announcements.length === 0 && <Empty text='还没有发过公告' />}
            {announcements.map((a) => (
              <View key={a.id} className='sent-item' data-testid='sent-announcement'>
                <View className='sent-item__head'>
                  <Text className='sent-item__title'>{a.title}</Text>
                  <Text className={`status status--${a.status === 'sent' ? 'open' : 'running'}`}>
                    {a.status === 'sent' ? '已发送' : '发送中'}
                  </Text>
                </View>
                <Text className='sent-item__body'>{a.body}</Text>
                <Text className='sent-item__meta'>
                  {dateTimeText(a.createdAt)} · {a.recipients} 位成员
                </Text>
              </View>
            ))}
          </Section>
        )}
      </Screen>
    </View>
  );
}
