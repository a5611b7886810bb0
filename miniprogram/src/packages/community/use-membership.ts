import { useState } from 'react';
import Taro from '@tarojs/taro';
import { joinCommunity, leaveCommunity, type CommunityView } from '@memberloop/shared';
import { useAction } from '../../hooks/use-action';
import { callAsMember } from '../../services/session';
import { COMMUNITY_TEXT, JOIN_REFUSALS, leaveAsk } from './community-text';

/** A community after joining (true) or leaving (false): the flag and its member count. */
export function withMembership(community: CommunityView, joined: boolean): CommunityView {
  if (community.joined === joined) return community;
  return { ...community, joined, memberCount: Math.max(0, community.memberCount + (joined ? 1 : -1)) };
}

/**
 * Joining and leaving communities from a screen, one at a time: leaving is confirmed first; `busy` names the
 * community being changed (its button is disabled, the others too). Resolves to the community as it is now, or
 * undefined when nothing changed (cancelled, ignored or refused; a refusal is said in a toast).
 */
export function useMembership() {
  const { busy, run } = useAction();
  const [changing, setChanging] = useState<string>();

  const toggle = async (community: CommunityView): Promise<CommunityView | undefined> => {
    if (busy) return undefined;
    if (community.joined) {
      const answer = await Taro.showModal({
        title: COMMUNITY_TEXT.leaveTitle,
        content: leaveAsk(community.name),
        confirmText: COMMUNITY_TEXT.leaveConfirm,
      });
      if (!answer.confirm) return undefined;
    }
    setChanging(community.id);
    const options = { params: { communityId: community.id } };
    const result = await run(
      () => (community.joined ? callAsMember(leaveCommunity, options) : callAsMember(joinCommunity, options)),
      `${community.joined ? 'leave' : 'join'}:${community.id}`,
      {
        success: (membership) => (membership.joined ? COMMUNITY_TEXT.joinedToast : COMMUNITY_TEXT.leftToast),
        refusals: JOIN_REFUSALS,
      },
    );
    setChanging(undefined);
    return result && withMembership(community, result.joined);
  };

  return { busy, changing, toggle };
}
