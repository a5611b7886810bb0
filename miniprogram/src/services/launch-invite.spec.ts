import { inviteCodeOfLaunch } from './launch-invite';

describe('inviteCodeOfLaunch', () => {
  it('reads the code of a shared invitation card', () => {
    expect(inviteCodeOfLaunch({ invite: 'K7M2QX9P' })).toBe('K7M2QX9P');
    expect(inviteCodeOfLaunch({ invite: ' k7m2qx9p ' })).toBe('K7M2QX9P');
  });

  it('decodes the scene of a mini-program code, as WeChat hands it over URL-encoded', () => {
    expect(inviteCodeOfLaunch({ scene: 'i%3DK7M2QX9P' })).toBe('K7M2QX9P');
    expect(inviteCodeOfLaunch({ scene: 'i=K7M2QX9P' })).toBe('K7M2QX9P');
    expect(inviteCodeOfLaunch({ scene: 'x%3D1%26i%3DK7M2QX9P' })).toBe('K7M2QX9P');
  });

  it('ignores launches without an invitation and codes that cannot be one', () => {
    expect(inviteCodeOfLaunch(undefined)).toBeUndefined();
    expect(inviteCodeOfLaunch({})).toBeUndefined();
    expect(inviteCodeOfLaunch({ id: '65f0c0ffee0000000000abcd' })).toBeUndefined();
    // 0, O, 1, I and L are never in a code; the length is always 8.
    expect(inviteCodeOfLaunch({ invite: 'K7M2QX9O' })).toBeUndefined();
    expect(inviteCodeOfLaunch({ invite: 'K7M2QX9' })).toBeUndefined();
    expect(inviteCodeOfLaunch({ scene: 'g%3D65f0c0ffee' })).toBeUndefined();
    expect(inviteCodeOfLaunch({ scene: '%E0%A4%A' })).toBeUndefined();
    expect(inviteCodeOfLaunch({ invite: '%' })).toBeUndefined();
  });
});
