import { INVITE_CODE_ALPHABET } from '@memberloop/shared';

/** The launch query of the mini-program (Taro.getLaunchOptionsSync().query); values may be missing. */
export type LaunchQuery = Record<string, string | undefined>;

const CODE = new RegExp(`^[${INVITE_CODE_ALPHABET}]{8}$`);

function decoded(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function validCode(value: string | undefined): string | undefined {
  const code = value?.trim().toUpperCase();
  return code && CODE.test(code) ? code : undefined;
}

/**
 * The invitation the app was opened from: `invite=<code>` on a shared card, or a mini-program code's scene
 * `i=<code>` (WeChat hands the scene over URL-encoded, `i%3D<code>`). Anything that is not a well-formed code is
 * ignored: a garbled invitation must never stop a member from signing in.
 */
export function inviteCodeOfLaunch(query: LaunchQuery | undefined): string | undefined {
  if (!query) return undefined;
  const direct = validCode(query.invite && decoded(query.invite));
  if (direct) return direct;
  if (!query.scene) return undefined;
  for (const pair of decoded(query.scene).split('&')) {
    const [name, value] = pair.split('=');
    if (name === 'i') return validCode(value);
  }
  return undefined;
}
