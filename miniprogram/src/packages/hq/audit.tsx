import { Text, View } from '@tarojs/components';
import { readAuditLog } from '@memberloop/shared';
import { Empty, Screen, Section } from '../../components/Screen';
import { useRemote } from '../../hooks/use-remote';
import { dateTimeText } from '../../services/date-text';
import { callAsMember, staffRoleOfSession } from '../../services/session';
import { HqOnly } from './hq-only';
import { auditActionLabel, auditActorLabel } from './hq-text';
import './hq.css';

/** The staff audit log, newest first: who did what, to what, when (brand time). */
export default function HqAuditPage() {
  const { state, reload } = useRemote(async () => (await callAsMember(readAuditLog, { query: { limit: 100 } })).entries);
  return (
    <View className='page hq'>
      <HqOnly role={staffRoleOfSession()}>
        <Screen state={state} onRetry={() => void reload()}>
          {(entries) => (
            <Section title='最近 100 条操作'>
              {entries.length === 0 && <Empty text='还没有员工操作' />}
              {entries.map((entry) => (
                <View key={entry.id} className='hq-row' data-testid='audit-entry'>
                  <View className='hq-row__body'>
                    <Text className='hq-row__title'>{auditActionLabel(entry.action)}</Text>
                    <Text className='hq-row__meta'>
                      {dateTimeText(entry.at)} · {auditActorLabel(entry.actor, entry.role)}
                      {entry.target.type === 'member' && ` · 会员 ${entry.target.id}`}
                    </Text>
                  </View>
                </View>
              ))}
            </Section>
          )}
        </Screen>
      </HqOnly>
    </View>
  );
}
