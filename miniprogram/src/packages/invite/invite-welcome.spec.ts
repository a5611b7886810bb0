import { codeLineText, invitedByText, joinedText } from './invite-text';

describe('the invited friend’s welcome', () => {
  it('names the inviter by nickname, or says 你的好友 when they gave none or left (never 会员 or 微信好友)', () => {
    expect(invitedByText({ nickname: ' 林小满 ', gone: false })).toBe('林小满 邀请你加入会员');
    expect(invitedByText({ nickname: null, gone: false })).toBe('你的好友邀请你加入会员');
    expect(invitedByText({ nickname: '林小满', gone: true })).toBe('你的好友邀请你加入会员');
    expect(invitedByText(undefined)).toBe('你的好友邀请你加入会员');
  });

  it('words the code and the day a friend joined', () => {
    expect(codeLineText('K7M2QX9P')).toBe('邀请码 K7M2 QX9P');
    expect(joinedText('12月2日')).toBe('12月2日 加入');
  });
});
