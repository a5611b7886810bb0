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
import { STAFF_REFUSALS, STAFF_TEXT as T } from './staff-text';
import './hq.css';

type Role = 'hq' | 'manager';

/** What is wrong with the form, field by field, from the same contract the server checks. */
function problemsOf(memberNo: string, role: Role, stores: string): { memberNo?: string; stores?: string } {
  const problems: { memberNo?: string; stores?: string } = {};
  if (!MEMBER_NO.test(memberNo)) problems.memberNo = T.memberNoFault;
  const parsed = GrantStaffRoleRequest.safeParse(role === 'hq' ? { role } : { role, storeCodes: storeCodesOf(stores) });
  if (!parsed.success) problems.stores = T.storesFault;
  else if (role === 'manager' && storeCodesOf(stores).length === 0) problems.stores = T.noStores;
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
      { success: T.granted(role), ...STAFF_REFUSALS },
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
      title: next === 'none' ? T.revokeTitle : T.changeTitle,
      content: next === 'none' ? T.revokeConfirm(name) : T.changeConfirm(name, next),
    });
    if (!answer.confirm) return;
    const changed = await run(
      async () => {
        if (next === 'none') await callAsMember(revokeStaffRole, { params: { memberNo: account.memberNo } });
        else await callAsMember(grantStaffRole, { params: { memberNo: account.memberNo }, body: { role: next } });
        return true;
      },
      `change:${account.memberNo}:${next}`,
      { success: next === 'none' ? T.revoked : T.changed, ...STAFF_REFUSALS },
    );
    if (changed) await reload();
  };

  return (
    <View className='page hq'>
      <HqOnly role={staffRoleOfSession()}>
        <View className='hq-columns'>
          <Section title={T.formTitle}>
            <View className='form-row'>
              <Text className='form-row__label'>{T.memberNo}</Text>
              <Input
                className='form-row__input'
                data-testid='staff-member-no'
                maxlength={9}
                placeholder={T.memberNoPlaceholder}
                value={memberNo}
                onInput={(event) => setMemberNo(event.detail.value)}
              />
            </View>
            {touched && problems.memberNo && <Text className='hq-problem'>{problems.memberNo}</Text>}
            <View className='form-row'>
              <Text className='form-row__label'>{T.role}</Text>
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
                <Text className='form-row__label'>{T.stores}</Text>
                <Input
                  className='form-row__input'
                  data-testid='staff-stores'
                  placeholder={T.storesPlaceholder}
                  value={stores}
                  onInput={(event) => setStores(event.detail.value)}
                />
              </View>
            )}
            {touched && problems.stores && <Text className='hq-problem'>{problems.stores}</Text>}
            <Text className='form-hint'>{T.hint}</Text>
            <Button
              className='primary-button'
              data-testid='staff-grant'
              disabled={busy || (touched && !valid) || undefined}
              loading={busy}
              onClick={() => void grant()}
            >
              {busy ? T.submitting : T.save}
            </Button>
          </Section>
          <Screen state={state} onRetry={() => void reload()}>
            {(staff) => (
              <Section title={T.accounts(staff.length)}>
                {staff.length === 0 && <Empty text={T.noAccounts} />}
                {staff.map((account) => (
                  <View key={account.memberNo} className='hq-row' data-testid='staff-account'>
                    <View className='hq-row__body'>
                      <View className='hq-row__line'>
                        <Text className='hq-row__title'>{account.nickname ?? T.noNickname}</Text>
                        <Text className={`tag hq-role hq-role--${account.role}`}>{ROLE_LABEL[account.role]}</Text>
                      </View>
                      <Text className='hq-row__meta'>
                        {T.accountMeta({
                          memberNo: account.memberNo,
                          role: account.role,
                          storeCodes: account.storeCodes,
                          communities: account.communityIds.length,
                          ...(account.since ? { since: dayText(account.since) } : {}),
                        })}
                      </Text>
                    </View>
                    <View className='hq-row__actions'>
                      <Text
                        className='hq-link'
                        data-testid='staff-toggle-role'
                        onClick={() => void change(account, account.role === 'hq' ? 'manager' : 'hq')}
                      >
                        {account.role === 'hq' ? T.toManager : T.toHq}
                      </Text>
                      <Text
                        className='hq-link hq-link--danger'
                        data-testid='staff-revoke'
                        onClick={() => void change(account, 'none')}
                      >
                        {T.revoke}
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
