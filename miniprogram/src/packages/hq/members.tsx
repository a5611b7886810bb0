import { useState } from 'react';
import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import {
  adjustMemberPoints,
  findMembersForHq,
  getMemberLedgerForHq,
  mergeMembers,
  type StaffMemberView,
  type StaffPointsEntryView,
  type StaffPointsLedger,
} from '@memberloop/shared';
import { Empty, Section } from '../../components/Screen';
import { useAction, type ActionOptions } from '../../hooks/use-action';
import { messageOf } from '../../services/api-client';
import { dateTimeText, dayText } from '../../services/date-text';
import { pointsChangeText, pointsEntryText } from '../../services/points-text';
import { callAsMember, staffRoleOfSession } from '../../services/session';
import { HqOnly } from './hq-only';
import { adjustmentOf, lookupProblem, mergeOf, type Direction } from './members-form';
import './hq.css';

const PAGE = 20;

/** The server's refusals of an adjustment or a merge, in words HQ acts on. */
const REFUSALS: ActionOptions<unknown> = {
  reasons: {
    OWN_ACCOUNT: '不能操作自己的账户，请另一位总部同事操作',
    STAFF_ACCOUNT: '这是员工账号：请先收回其员工权限再合并',
    ALREADY_MERGED: '这个账户已合并过，请重新查找',
    OPEN_HOLD: '这个账户正在收银台用积分付款，请稍后再试',
  },
  refusals: {
    INSUFFICIENT_POINTS: '会员可用积分不足，扣减未执行',
    POINTS_BALANCE_NEGATIVE: '会员尚有退款欠分，暂不能扣减',
    NOT_FOUND: '找不到这个会员号，可能已注销',
    FORBIDDEN: '你的总部权限已被收回',
    IDEMPOTENCY_KEY_IN_PROGRESS: '上一次提交仍在处理，请稍候',
  },
};

/** One ledger line as HQ reads it: what the member sees, and the staff note and author behind it. */
function LedgerLine({ entry }: { entry: StaffPointsEntryView }) {
  const text = pointsEntryText(entry);
  const isAdjustment = entry.source.type === 'hq-adjustment';
  return (
    <View className='hq-row' data-testid='ledger-line'>
      <View className='hq-row__body'>
        <View className='hq-row__line'>
          <Text className='hq-row__title'>{text.title}</Text>
          {text.order && <Text className='hq-row__meta'>{text.order}</Text>}
        </View>
        <Text className='hq-row__meta'>
          {dateTimeText(entry.occurredAt)} · 余额 {entry.balanceAfter}
          {isAdjustment && entry.byMemberNo && ` · 总部 ${entry.byMemberNo}`}
        </Text>
        {isAdjustment && <Text className='hq-row__meta'>原因：{entry.note}</Text>}
      </View>
      <Text className={`hq-points${entry.points > 0 ? ' hq-points--plus' : ''}`}>{pointsChangeText(entry.points)}</Text>
    </View>
  );
}

/**
 * HQ's member desk: find a member by member number or mobile (masked), read their points ledger with the staff notes
 * behind it, and add or take points with a mandatory reason, the change and its audit entry written together.
 */
export default function HqMembersPage() {
  const [query, setQuery] = useState('');
  const [searched, setSearched] = useState(false);
  const [searching, setSearching] = useState(false);
  const [member, setMember] = useState<StaffMemberView | null>(null);
  const [ledger, setLedger] = useState<StaffPointsLedger | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [direction, setDirection] = useState<Direction>('add');
  const [points, setPoints] = useState('');
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const { busy, run } = useAction();
  const [mergeFrom, setMergeFrom] = useState('');
  const [mergeReason, setMergeReason] = useState('');
  const [mergeTouched, setMergeTouched] = useState(false);

  const queryProblem = lookupProblem(query);
  const adjustment = adjustmentOf({ direction, points, reason }, ledger?.points.spendable ?? 0);
  const merging = mergeOf(mergeFrom, mergeReason, member?.memberNo ?? '');

  const loadLedger = async (memberNo: string) =>
    setLedger(await callAsMember(getMemberLedgerForHq, { params: { memberNo }, query: { limit: PAGE } }));

  const search = async () => {
    setSearched(true);
    if (queryProblem || searching) return;
    setSearching(true);
    try {
      const { members } = await callAsMember(findMembersForHq, { query: { q: query.trim() } });
      const found = members[0] ?? null;
      setMember(found);
      setLedger(null);
      setTouched(false);
      if (found) await loadLedger(found.memberNo);
    } catch (error) {
      await Taro.showToast({ title: messageOf(error, {}), icon: 'none' });
    } finally {
      setSearching(false);
    }
  };

  const more = async () => {
    if (!member || !ledger?.nextCursor || loadingMore) return;
    setLoadingMore(true);
    try {
      const next = await callAsMember(getMemberLedgerForHq, {
        params: { memberNo: member.memberNo },
        query: { limit: PAGE, cursor: ledger.nextCursor },
      });
      setLedger({ ...next, entries: [...ledger.entries, ...next.entries] });
    } catch (error) {
      await Taro.showToast({ title: messageOf(error, {}), icon: 'none' });
    } finally {
      setLoadingMore(false);
    }
  };

  const submit = async () => {
    setTouched(true);
    const request = adjustment.request;
    if (!member || !request || busy) return;
    const name = member.nickname ?? member.memberNo;
    const answer = await Taro.showModal({
      title: request.points > 0 ? '增加积分' : '扣减积分',
      content: `给「${name}」${request.points > 0 ? '增加' : '扣减'} ${Math.abs(request.points)} 积分？原因：${request.reason}`,
    });
    if (!answer.confirm) return;
    const result = await run(
      (key) =>
        callAsMember(adjustMemberPoints, {
          params: { memberNo: member.memberNo },
          body: request,
          headers: { 'idempotency-key': key },
        }),
      `${member.memberNo}:${request.points}:${request.reason}`,
      { ...REFUSALS, success: request.points > 0 ? '积分已增加' : '积分已扣减' },
    );
    if (!result) return;
    setPoints('');
    setReason('');
    setTouched(false);
    // The figures and the ledger change together: the new line is there when the balance moves.
    await loadLedger(member.memberNo);
    setMember({ ...member, points: result.points });
  };

  /** Merges the typed account into the member on screen, after HQ confirms what moves. */
  const merge = async () => {
    setMergeTouched(true);
    const request = merging.request;
    if (!member || !request || busy) return;
    const answer = await Taro.showModal({
      title: '合并账户',
      content: `把 ${request.fromMemberNo} 的积分、优惠券、订单和会员卡并入「${member.nickname ?? member.memberNo}」？合并后 ${request.fromMemberNo} 的微信登录、手机号和会员号都将进入此会员，不能撤销。`,
    });
    if (!answer.confirm) return;
    const result = await run(
      (key) => callAsMember(mergeMembers, { body: request, headers: { 'idempotency-key': key } }),
      `merge:${request.fromMemberNo}:${request.intoMemberNo}`,
      { ...REFUSALS, success: (merged) => `已并入 ${merged.moved.points} 积分` },
    );
    if (!result) return;
    setMergeFrom('');
    setMergeReason('');
    setMergeTouched(false);
    const { members } = await callAsMember(findMembersForHq, { query: { q: member.memberNo } });
    await loadLedger(member.memberNo);
    if (members[0]) setMember(members[0]);
  };

  return (
    <View className='page hq'>
      <HqOnly role={staffRoleOfSession()}>
        <View className='hq-columns'>
          <View>
            <Section title='查找会员'>
              <View className='form-row'>
                <Text className='form-row__label'>会员号/手机</Text>
                <Input
                  className='form-row__input'
                  data-testid='member-query'
                  maxlength={20}
                  placeholder='如 M00000042 或 13912345678'
                  value={query}
                  onInput={(event) => setQuery(event.detail.value)}
                  onConfirm={() => void search()}
                />
              </View>
              {searched && queryProblem && <Text className='hq-problem'>{queryProblem}</Text>}
              <Button
                className='primary-button'
                data-testid='member-search'
                disabled={searching || (searched && !!queryProblem) || undefined}
                loading={searching}
                onClick={() => void search()}
              >
                {searching ? '查找中…' : '查找'}
              </Button>
              {searched && !searching && !queryProblem && member === null && (
                <Empty text='没有找到这位会员：请核对会员号或手机号' />
              )}
            </Section>
            {member && (
              <Section title='会员'>
                <View className='hq-member' data-testid='member-card'>
                  <Text className='hq-row__title'>{member.nickname ?? '未设置昵称'}</Text>
                  <Text className='hq-row__meta'>
                    {member.memberNo}
                    {member.phoneMasked && ` · ${member.phoneMasked}`} · {member.tier.name} · {dayText(member.registeredAt)}注册
                  </Text>
                  <View className='hq-figures'>
                    <View className='hq-figure'>
                      <Text className='hq-figure__value' data-testid='member-balance'>
                        {member.points.balance}
                      </Text>
                      <Text className='hq-figure__label'>积分余额</Text>
                    </View>
                    <View className='hq-figure'>
                      <Text className='hq-figure__value'>{member.points.spendable}</Text>
                      <Text className='hq-figure__label'>可用积分</Text>
                    </View>
                    {ledger && ledger.points.pending > 0 && (
                      <View className='hq-figure'>
                        <Text className='hq-figure__value'>{ledger.points.pending}</Text>
                        <Text className='hq-figure__label'>待到账</Text>
                      </View>
                    )}
                    {ledger && ledger.points.debt > 0 && (
                      <View className='hq-figure'>
                        <Text className='hq-figure__value'>{ledger.points.debt}</Text>
                        <Text className='hq-figure__label'>退款欠分</Text>
                      </View>
                    )}
                  </View>
                </View>
              </Section>
            )}
            {member && (
              <Section title='调整积分'>
                <View className='form-row'>
                  <Text className='form-row__label'>方向</Text>
                  <View className='hq-segments'>
                    {(['add', 'take'] as const).map((option) => (
                      <Text
                        key={option}
                        className={`hq-segment${direction === option ? ' hq-segment--on' : ''}`}
                        data-testid={`adjust-${option}`}
                        onClick={() => setDirection(option)}
                      >
                        {option === 'add' ? '增加' : '扣减'}
                      </Text>
                    ))}
                  </View>
                </View>
                <View className='form-row'>
                  <Text className='form-row__label'>积分</Text>
                  <Input
                    className='form-row__input'
                    data-testid='adjust-points'
                    type='number'
                    placeholder='正整数'
                    value={points}
                    onInput={(event) => setPoints(event.detail.value)}
                  />
                </View>
                {touched && adjustment.problems.points && <Text className='hq-problem'>{adjustment.problems.points}</Text>}
                <View className='form-row'>
                  <Text className='form-row__label'>原因</Text>
                </View>
                <Textarea
                  className='form-textarea hq-reason'
                  data-testid='adjust-reason'
                  maxlength={200}
                  placeholder='必填，如：门店系统故障，补录 11 月 30 日消费积分'
                  value={reason}
                  onInput={(event) => setReason(event.detail.value)}
                />
                {touched && adjustment.problems.reason && <Text className='hq-problem'>{adjustment.problems.reason}</Text>}
                <Text className='form-hint'>增加的积分立即可用，有效期与消费积分相同；会员看到“积分调整”，看不到原因</Text>
                <Button
                  className='primary-button'
                  data-testid='adjust-submit'
                  disabled={busy || (touched && !adjustment.request) || undefined}
                  loading={busy}
                  onClick={() => void submit()}
                >
                  {busy ? '提交中…' : '确认调整'}
                </Button>
              </Section>
            )}
            {member && (
              <Section title='合并账户'>
                <Text className='form-hint'>
                  同一个人有两个会员账户时，把另一个账户并入此会员：积分（含有效期）、优惠券、订单和会员卡都会转过来
                </Text>
                <View className='form-row'>
                  <Text className='form-row__label'>并入会员号</Text>
                  <Input
                    className='form-row__input'
                    data-testid='merge-from'
                    maxlength={9}
                    placeholder='要并入的另一个会员号'
                    value={mergeFrom}
                    onInput={(event) => setMergeFrom(event.detail.value)}
                  />
                </View>
                {mergeTouched && merging.problems.fromMemberNo && (
                  <Text className='hq-problem'>{merging.problems.fromMemberNo}</Text>
                )}
                <View className='form-row'>
                  <Text className='form-row__label'>原因</Text>
                </View>
                <Textarea
                  className='form-textarea hq-reason'
                  data-testid='merge-reason'
                  maxlength={200}
                  placeholder='必填，如：顾客到店出示两个账户，电话核实为同一人'
                  value={mergeReason}
                  onInput={(event) => setMergeReason(event.detail.value)}
                />
                {mergeTouched && merging.problems.reason && <Text className='hq-problem'>{merging.problems.reason}</Text>}
                <Button
                  className='primary-button'
                  data-testid='merge-submit'
                  disabled={busy || (mergeTouched && !merging.request) || undefined}
                  loading={busy}
                  onClick={() => void merge()}
                >
                  {busy ? '提交中…' : '合并到此会员'}
                </Button>
              </Section>
            )}
          </View>
          {member && ledger && (
            <Section title='积分明细'>
              {ledger.entries.length === 0 && <Empty text='还没有积分变动' />}
              {ledger.entries.map((entry) => (
                <LedgerLine key={entry.id} entry={entry} />
              ))}
              {ledger.nextCursor && (
                <Text className='hq-more' data-testid='ledger-more' onClick={() => void more()}>
                  {loadingMore ? '加载中…' : '查看更早的记录'}
                </Text>
              )}
            </Section>
          )}
        </View>
      </HqOnly>
    </View>
  );
}
