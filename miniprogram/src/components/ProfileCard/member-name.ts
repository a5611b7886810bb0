import { Nickname, NICKNAME_MAX } from '@memberloop/shared';

/** A person as the server sends them: a nickname (or none), and whether they deleted their account. */
export interface NamedPerson {
  nickname?: string | null;
  gone?: boolean;
}

/** What a member who deleted their account is called wherever they once appeared. */
export const GONE_NAME = '已注销会员';
/** A member who gave no nickname. */
export const NAMELESS = '会员';

/**
 * The name a screen shows for a person: "我" for the viewer, their nickname, 已注销会员 once they left, or a
 * neutral 会员 (with the last 4 digits of the member number when the screen may show it: the member's own).
 * Never an English word, never 微信好友 or 友.
 */
export function personName(person: NamedPerson, options: { me?: boolean; memberNo?: string } = {}): string {
  if (options.me) return '我';
  if (person.gone) return GONE_NAME;
  const nickname = person.nickname?.trim();
  if (nickname) return nickname;
  const digits = options.memberNo?.replace(/\D/g, '').slice(-4);
  return digits ? `${NAMELESS}${digits}` : NAMELESS;
}

/** The member's own name as their screens show it: their nickname, or 会员 and the last 4 digits of their number. */
export function ownName(profile: { nickname?: string | null; memberNo: string }): string {
  return personName(profile, { memberNo: profile.memberNo });
}

/** What is wrong with a nickname, in the member's words (from the same rule the server applies), or undefined. */
export function nicknameProblem(value: string): string | undefined {
  const checked = Nickname.safeParse(value);
  if (checked.success) return undefined;
  switch (checked.error.issues[0]?.message) {
    case 'too long':
      return `昵称最多 ${NICKNAME_MAX} 个字`;
    case 'hidden characters':
      return '昵称不能含换行或不可见字符';
    default:
      return '请填写昵称';
  }
}
