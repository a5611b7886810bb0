import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import {
  GrantStaffRoleRequest,
  grantStaffRole,
  listStaffAccounts,
  revokeStaffRole,
  type StaffAccountView,
} from '@memberloop/shared';
import { Empty, Screen, Section } from '../../components/Screen';
import { useAction } from '../../hooks/use-action';
import { useRemote } from '../../hooks/use-remote';
import { dayText } from '../../services/date-text';
import { callAsMember, staffRoleOfSession } from '../../services/session';
import { HqOnly } from './hq-only';
import { MEMBER_NO, ROLE_LABEL, storeCodesOf } from './hq-text';
import './hq.css';

type Role = 'hq' | 'manager';

/** Why the server refused a staff change, in words HQ acts on: by the reason it gave, else by its code. */
const STAFF_REFUSALS = {
  reasons: {
    OWN_ROLE: '不能修改自己的权限，请另一位总部同事操作',
    LAST_HQ: '这是最后一个总部账号，请先设置另一位总部',
  },
  refusals: {
    NOT_FOUND: '找不到这个会员号：请对方先登录一次小程序',
    FORBIDDEN: '你的总部权限已被收回',
  },
} as const;

/** What is wrong with the form, field by field, from the same contract the server checks. */
function problemsOf(memberNo: string, role: Role, stores: string): { memberNo?: string; stores?: string } {
  const problems: { memberNo?: string; stores?: string } = {};
  if (!MEMBER_NO.test(memberNo)) problems.memberNo = '会员号是 M 加 8 位数字，如 M00000042';
  const parsed = GrantStaffRoleRequest.safeParse(role === 'hq' ? { role } : { role, storeCodes: storeCodesOf(stores) });
  if (!parsed.success) problems.stores = '门店编号为 1–40 个字符，最多 200 个';
  else if (role === 'manager' && storeCodesOf(stores).length === 0) problems.stores = '请填写至少一个负责的门店编号';
  return problems;
}

/** HQ grants, changes and takes away staff roles. Each change is in the audit log and applies at once. */
export default function HqStaffPage() {
  const { state, reload } = useRemote(async () => (await callAsMember(listStaffAccounts)).staff);
  const [memberNo, setMemberNo] = useState('');
  const [role, setRole] = useState<Role>('manager');
  const [stores, setStores] = useState('');
  // One change at a time (ActionGate): a tap while one runs is ignored, the buttons disabled meanwhile.
  const { busy, run } = useAction();
  const [touched, setTouched] = useState(false);

  const normalizedNo = memberNo.trim().toUpperCase();
  const problems = problemsOf(normalizedNo, role, stores);
  const valid = Object.keys(problems).length === 0;

  const grant = async () => {
    setTouched(true);
    if (!valid || busy) return;
    const body = role === 'hq' ? { role } : { role, storeCodes: storeCodesOf(stores) };
    const granted = await run(
      () => callAsMember(grantStaffRole, { params: { memberNo: normalizedNo }, body }),
      `grant:${normalizedNo}:${JSON.stringify(body)}`,
      { success: `已设为${ROLE_LABEL[role]}`, ...STAFF_REFUSALS },
    );
    if (!granted) return;
    setMemberNo('');
    setStores('');
    setTouched(false);
    await reload();
  };

  const change = async (account: StaffAccountView, next: Role | 'none') => {
    const name = account.nickname ?? account.memberNo;
    const answer = await Taro.showModal({
      title: next === 'none' ? '收回权限' : '调整权限',
      content:
        next === 'none'
          ? `收回「${name}」的全部员工权限？对方下一次操作起即失去权限。`
          : `把「${name}」设为${ROLE_LABEL[next]}？${next === 'manager' ? '负责门店保持不变。' : '总部可管理全部门店与社群。'}`,
    });
    if (!answer.confirm) return;
    const changed = await run(
      async () => {
        if (next === 'none') await callAsMember(revokeStaffRole, { params: { memberNo: account.memberNo } });
        else await callAsMember(grantStaffRole, { params: { memberNo: account.memberNo }, body: { role: next } });
        return true;
      },
      `change:${account.memberNo}:${next}`,
      { success: next === 'none' ? '已收回' : '已调整', ...STAFF_REFUSALS },
    );
    if (changed) await reload();
  };

  return (
    <View className='page hq'>
      <HqOnly role={staffRoleOfSession()}>
        <View className='hq-columns'>
          <Section title='开通或调整员工'>
            <View className='form-row'>
              <Text className='form-row__label'>会员号</Text>
              <Input
                className='form-row__input'
                data-testid='staff-member-no'
                maxlength={9}
                placeholder='对方“我的”页面里的会员号'
                value={memberNo}
                onInput={(event) => setMemberNo(event.detail.value)}
              />
            </View>
            {touched && problems.memberNo && <Text className='hq-problem'>{problems.memberNo}</Text>}
            <View className='form-row'>
              <Text className='form-row__label'>角色</Text>
              <View className='hq-segments'>
                {(['manager', 'hq'] as const).map((option) => (
                  <Text
                    key={option}
                    className={`hq-segment${role === option ? ' hq-segment--on' : ''}`}
                    data-testid={`staff-role-${option}`}
                    onClick={() => setRole(option)}
                  >
                    {ROLE_LABEL[option]}
                  </Text>
                ))}
              </View>
            </View>
            {role === 'manager' && (
              <View className='form-row'>
                <Text className='form-row__label'>负责门店</Text>
                <Input
                  className='form-row__input'
                  data-testid='staff-stores'
                  placeholder='门店编号，用逗号分隔'
                  value={stores}
                  onInput={(event) => setStores(event.detail.value)}
                />
              </View>
            )}
            {touched && problems.stores && <Text className='hq-problem'>{problems.stores}</Text>}
            <Text className='form-hint'>对方需先登录过一次小程序；权限在对方下次打开小程序时生效</Text>
            <Button
              className='primary-button'
              data-testid='staff-grant'
              disabled={busy || (touched && !valid) || undefined}
              loading={busy}
              onClick={() => void grant()}
            >
              {busy ? '提交中…' : '保存权限'}
            </Button>
          </Section>
          <Screen state={state} onRetry={() => void reload()}>
            {(staff) => (
              <Section title={`员工账号 · ${staff.length}`}>
                {staff.length === 0 && <Empty text='还没有员工账号' />}
                {staff.map((account) => (
                  <View key={account.memberNo} className='hq-row' data-testid='staff-account'>
                    <View className='hq-row__body'>
                      <View className='hq-row__line'>
                        <Text className='hq-row__title'>{account.nickname ?? '未设置昵称'}</Text>
                        <Text className={`tag hq-role hq-role--${account.role}`}>{ROLE_LABEL[account.role]}</Text>
                      </View>
                      <Text className='hq-row__meta'>
                        {account.memberNo}
                        {account.role === 'manager' &&
                          ` · ${account.storeCodes.length > 0 ? `门店 ${account.storeCodes.join('、')}` : '未分配门店'}`}
                        {account.communityIds.length > 0 && ` · 运营 ${account.communityIds.length} 个社群`}
                        {account.since && ` · ${dayText(account.since)}开通`}
                      </Text>
                    </View>
                    <View className='hq-row__actions'>
                      <Text
                        className='hq-link'
                        data-testid='staff-toggle-role'
                        onClick={() => void change(account, account.role === 'hq' ? 'manager' : 'hq')}
                      >
                        {account.role === 'hq' ? '改为门店运营' : '设为总部'}
                      </Text>
                      <Text
                        className='hq-link hq-link--danger'
                        data-testid='staff-revoke'
                        onClick={() => void change(account, 'none')}
                      >
                        收回
                      </Text>
                    </View>
                  </View>
                ))}
              </Section>
            )}
          </Screen>
        </View>
      </HqOnly>
    </View>
  );
}
