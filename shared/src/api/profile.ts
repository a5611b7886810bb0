import { z } from 'zod';
import { defineEndpoint } from './endpoint';

export const CONSENT_KINDS = ['notifications', 'marketing', 'personalisation'] as const;
export type ConsentKind = (typeof CONSENT_KINDS)[number];

export const ConsentView = z.object({ granted: z.boolean(), at: z.iso.datetime() });

export const Birthday = z
  .object({ month: z.number().int().min(1).max(12), day: z.number().int().min(1).max(31) })
  .refine(({ month, day }) => day <= [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1], {
    message: 'no such day in that month',
  });

/** What a member sees and edits of themselves. The phone is shown masked, even to its owner. */
export const MemberProfile = z.object({
  memberNo: z.string(),
  nickname: z.string().optional(),
  avatarUrl: z.string().optional(),
  birthday: Birthday.optional(),
  region: z.string().optional(),
  city: z.string().optional(),
  phoneMasked: z.string().optional(),
  consents: z.object({
    notifications: ConsentView.optional(),
    marketing: ConsentView.optional(),
    personalisation: ConsentView.optional(),
  }),
  registeredAt: z.iso.datetime(),
});
export type MemberProfile = z.infer<typeof MemberProfile>;

const text = (max: number) => z.string().trim().min(1).max(max);

/** Longest nickname, in characters (an emoji counts once). */
export const NICKNAME_MAX = 20;
/** Control characters and the invisible marks that reverse or hide text: never part of a name others read. */
const HIDDEN_CHARACTERS = /[\p{Cc}\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/u;

/**
 * A member's nickname as others will read it: trimmed, 1 to 20 characters, no control or invisible characters.
 * WeChat offers the member's own nickname in the keyboard of `<Input type="nickname">`, but it is still typed text.
 */
export const Nickname = z
  .string()
  .trim()
  .min(1, 'empty')
  .refine((value) => Array.from(value).length <= NICKNAME_MAX, { message: 'too long' })
  .refine((value) => !HIDDEN_CHARACTERS.test(value), { message: 'hidden characters' });

/** A member's avatar photo, uploaded to us (POST /api/v1/me/avatar): its unguessable id. */
export const AvatarId = z.string().regex(/^[0-9a-f]{32}$/, 'an avatar id');
/** Where an uploaded avatar is served; the only avatar URL a profile takes. */
export const AVATAR_PATH = '/api/v1/avatars/';
export const avatarUrlOf = (avatarId: string): string => `${AVATAR_PATH}${avatarId}`;
export const AvatarUrl = z.string().regex(/^\/api\/v1\/avatars\/[0-9a-f]{32}$/, 'an avatar uploaded with POST /api/v1/me/avatar');
/** Largest avatar photo a member may upload. */
export const MAX_AVATAR_BYTES = 1024 * 1024;

/**
 * Another member as a screen shows them: their nickname and avatar while they are a member (either may be null:
 * the app shows a neutral name and silhouette); `gone` once they deleted their account (shown as 已注销会员).
 */
export const PersonView = z.object({ nickname: z.string().nullable(), avatarUrl: z.string().nullable(), gone: z.boolean() });
export type PersonView = z.infer<typeof PersonView>;

/**
 * Profile changes; absent fields are left as they are. The birthday can be set once (it pays a birthday
 * bonus): changing it afterwards goes through customer service.
 */
export const UpdateProfileRequest = z
  .object({
    nickname: Nickname.optional(),
    /** One of the member's own uploaded avatars (the URL the upload answered); never an address elsewhere. */
    avatarUrl: AvatarUrl.optional(),
    birthday: Birthday.optional(),
    region: text(20).optional(),
    city: text(20).optional(),
  })
  .strict();
export type UpdateProfileRequest = z.infer<typeof UpdateProfileRequest>;

/** Grants or withdraws consents; each change is stamped with its time. */
export const UpdateConsentsRequest = z
  .object({ notifications: z.boolean().optional(), marketing: z.boolean().optional(), personalisation: z.boolean().optional() })
  .strict()
  .refine((body) => Object.keys(body).length > 0, { message: 'name at least one consent' });
export type UpdateConsentsRequest = z.infer<typeof UpdateConsentsRequest>;

export const getMyProfile = defineEndpoint({
  method: 'GET',
  path: '/api/v1/me/profile',
  summary: 'The member profile: nickname, avatar, birthday, region, masked phone and consents',
  tag: 'members',
  auth: 'member',
  response: MemberProfile,
});

export const updateMyProfile = defineEndpoint({
  method: 'PATCH',
  path: '/api/v1/me/profile',
  summary: 'Change nickname, avatar, region, city; set the birthday (once)',
  tag: 'members',
  auth: 'member',
  body: UpdateProfileRequest,
  response: MemberProfile,
});

export const UploadedAvatar = z.object({ avatarId: AvatarId, url: AvatarUrl });
export type UploadedAvatar = z.infer<typeof UploadedAvatar>;

export const uploadMyAvatar = defineEndpoint({
  method: 'POST',
  path: '/api/v1/me/avatar',
  rateLimit: { limit: 10, windowSeconds: 60 },
  summary:
    'Upload an avatar photo (multipart/form-data, field "file"; JPEG, PNG or WebP up to 1 MB); set it with PATCH /api/v1/me/profile',
  tag: 'members',
  auth: 'member',
  successStatus: 201,
  response: UploadedAvatar,
});

export const AvatarParams = z.object({ avatarId: AvatarId }).strict();
export const getAvatar = defineEndpoint({
  method: 'GET',
  path: '/api/v1/avatars/:avatarId',
  summary: "A member's avatar photo (its id is unguessable; gone once the member changes it or leaves)",
  tag: 'members',
  auth: 'public',
  params: AvatarParams,
  response: z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'image bytes'),
});

export const updateMyConsents = defineEndpoint({
  method: 'PUT',
  path: '/api/v1/me/consents',
  summary: 'Grant or withdraw consent to notifications, marketing and personalisation',
  tag: 'members',
  auth: 'member',
  body: UpdateConsentsRequest,
  response: MemberProfile,
});

/** A member as staff see them: personal data masked, only what serving them needs. */
export const StaffMemberView = z.object({
  memberId: z.string(),
  memberNo: z.string(),
  nickname: z.string().optional(),
  phoneMasked: z.string().optional(),
  region: z.string().optional(),
  city: z.string().optional(),
  tier: z.object({ code: z.string(), name: z.string(), heldUntil: z.iso.datetime(), floorCode: z.string().optional() }),
  points: z.object({ balance: z.number().int(), spendable: z.number().int() }),
  storeCodes: z.array(z.string()),
  registeredAt: z.iso.datetime(),
});
export type StaffMemberView = z.infer<typeof StaffMemberView>;

export const MemberNoParams = z.object({ memberNo: z.string().regex(/^M\d{8}$/, 'a member number such as M00000042') });

export const getMemberForStaff = defineEndpoint({
  method: 'GET',
  path: '/api/v1/staff/members/:memberNo',
  summary: 'A member in the caller’s scope (their stores for a manager, the brand for HQ), personal data masked',
  tag: 'staff',
  auth: 'manager',
  audit: 'read',
  params: MemberNoParams,
  response: StaffMemberView,
});

export const SetTierFloorRequest = z.object({ floorCode: z.string().min(1).max(40).nullable() }).strict();

export const setTierFloor = defineEndpoint({
  method: 'PUT',
  path: '/api/v1/hq/members/:memberNo/tier-floor',
  summary: 'HQ sets (or clears, with null) the lowest tier a member can be re-qualified down to; lifts them to it now',
  tag: 'hq',
  auth: 'hq',
  params: MemberNoParams,
  body: SetTierFloorRequest,
  response: StaffMemberView,
});

export const StaffStoresRequest = z
  .object({ storeCodes: z.array(z.string().trim().min(1).max(40)).max(200) })
  .strict()
  .refine((b) => new Set(b.storeCodes).size === b.storeCodes.length, { message: 'a store appears twice', path: ['storeCodes'] });

export const StaffRoleView = z.object({
  memberNo: z.string(),
  role: z.enum(['manager', 'hq']),
  storeCodes: z.array(z.string()),
  communityIds: z.array(z.string()),
});
export type StaffRoleView = z.infer<typeof StaffRoleView>;

export const setStaffStores = defineEndpoint({
  method: 'PUT',
  path: '/api/v1/hq/staff/:memberNo/stores',
  summary:
    'HQ sets the stores a staff member looks after: their members, analytics and coupon sends (makes them a manager if they were not staff)',
  tag: 'hq',
  auth: 'hq',
  audit: 'in-transaction',
  params: MemberNoParams,
  body: StaffStoresRequest,
  response: StaffRoleView,
});

/** A staff account as HQ's staff screen lists it. */
export const StaffAccountView = StaffRoleView.extend({
  nickname: z.string().optional(),
  /** When the role was first granted. */
  since: z.iso.datetime().optional(),
});
export type StaffAccountView = z.infer<typeof StaffAccountView>;

export const listStaffAccounts = defineEndpoint({
  method: 'GET',
  path: '/api/v1/hq/staff',
  summary: 'Every staff account (HQ first, then by member number), with their stores and communities',
  tag: 'hq',
  auth: 'hq',
  response: z.object({ staff: z.array(StaffAccountView) }),
});

export const GrantStaffRoleRequest = z
  .object({
    role: z.enum(['manager', 'hq']),
    /** A manager's stores; left out, they keep the stores they had. HQ has the whole brand and takes none. */
    storeCodes: z.array(z.string().trim().min(1).max(40)).max(200).optional(),
  })
  .strict()
  .refine((b) => b.role === 'manager' || b.storeCodes === undefined, {
    message: 'HQ has the whole brand: no stores',
    path: ['storeCodes'],
  })
  .refine((b) => new Set(b.storeCodes ?? []).size === (b.storeCodes ?? []).length, {
    message: 'a store appears twice',
    path: ['storeCodes'],
  });
export type GrantStaffRoleRequest = z.infer<typeof GrantStaffRoleRequest>;

export const grantStaffRole = defineEndpoint({
  method: 'PUT',
  path: '/api/v1/hq/staff/:memberNo',
  summary: 'HQ makes a member HQ or a manager, or changes their role (audited). Not their own role, and never the last HQ away',
  tag: 'hq',
  auth: 'hq',
  audit: 'in-transaction',
  params: MemberNoParams,
  body: GrantStaffRoleRequest,
  response: StaffRoleView,
});

export const revokeStaffRole = defineEndpoint({
  method: 'DELETE',
  path: '/api/v1/hq/staff/:memberNo',
  summary: "HQ takes a member's staff role away (audited; applies at their next request). Not their own, nor the last HQ",
  tag: 'hq',
  auth: 'hq',
  audit: 'in-transaction',
  params: MemberNoParams,
  /** `revoked: false`: they held no staff role (a repeated revocation changes nothing). */
  response: z.object({ memberNo: z.string(), revoked: z.boolean() }),
});
