import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { listMySurveys } from '@memberloop/shared';
import { Empty, Screen, Section } from '../../components/Screen';
import { useRemote } from '../../hooks/use-remote';
import { callAsMember } from '../../services/session';
import { SURVEY_TEXT as T } from './survey-text';
import './survey.css';

/** The member's open surveys: title, reward and when it came; a tap opens it. */
export default function MySurveysPage() {
  const { state, reload } = useRemote(() => callAsMember(listMySurveys));
  useDidShow(() => {
    if (state.kind !== 'loading') void reload();
  });
  return (
    <View className='page survey'>
      <Screen state={state} onRetry={reload}>
        {({ invitations }) => (
          <Section title={T.listTitle}>
            {invitations.length === 0 && <Empty text={T.none} />}
            {invitations.map((invitation) => (
              <View
                key={invitation.invitationId}
                className='survey-row'
                data-testid='survey-row'
                onClick={() => void Taro.navigateTo({ url: `/packages/survey/answer?id=${invitation.invitationId}` })}
              >
                <View className='survey-row__body'>
                  <Text className='survey-row__title'>{invitation.title}</Text>
                  <Text className='survey-row__meta'>
                    {T.questionCount(invitation.questions.length)} · {T.invitedAt(invitation.invitedAt)}
                  </Text>
                  <Text className='survey-reward'>{T.reward(invitation.rewardPoints)}</Text>
                </View>
                <Text className='survey-row__go'>{T.open}</Text>
              </View>
            ))}
          </Section>
        )}
      </Screen>
    </View>
  );
}
