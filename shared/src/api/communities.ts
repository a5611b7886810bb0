import { z } from 'zod';
import { instant } from './dates';
import { defineEndpoint } from './endpoint';

/*
 * Member communities (会员社群): stores and interest groups with their managers, the activities managers post,
 * sign-ups with a waitlist, check-in, announcements, coupon sends, figures, and the staff audit log.
 *
 * Who sees what: every member sees every community and every published activity (communities are open to
 * join, and signing up for an activity joins its community); a manager sees and changes only the communities
 * HQ assigned them (staff_roles.communityIds is the one source of that); HQ sees and changes all of them.
 */

const objectId = (what: string) => z.string().regex(/^[0-9a-f]{24}$/, what);
const text = (max: number) => z.string().trim().min(1).max(max);
const httpsUrl = z.url({ protocol: /^https$/, error: 'must be an https URL' }).max(500);
const memberNo = z.string().regex(/^M\d{8}$/, 'a member number such as M00000042');
const tierCode = z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'a tier code such as gold');

export const CommunityParams = z.object({ communityId: objectId('a community id') }).strict();
export const ActivityParams = z.object({ activityId: objectId('an activity id') }).strict();
export const CommunityMemberParams = z.object({ communityId: objectId('a community id'), memberNo }).strict();

// ------------------------------------------------------------------ communities

export const COMMUNITY_KINDS = ['store', 'interest'] as const;
export type CommunityKind = (typeof COMMUNITY_KINDS)[number];

export const NewCommunity = z
  .object({
    name: text(30),
    kind: z.enum(COMMUNITY_KINDS),
    /** The store a store community belongs to. */
    storeCode: text(40).optional(),
    description: z.string().trim().max(500).default(''),
  })
  .strict()
  .refine((c) => c.kind !== 'store' || c.storeCode !== undefined, {
    message: 'a store community names its store',
    path: ['storeCode'],
  });
export type NewCommunity = z.input<typeof NewCommunity>;

export const CommunityView = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(COMMUNITY_KINDS),
  storeCode: z.string().optional(),
  description: z.string(),
  memberCount: z.number().int(),
  /** For a member: whether they belong to it. */
  joined: z.boolean().optional(),
});
export type CommunityView = z.infer<typeof CommunityView>;

export const CommunityManagerView = z.object({ memberId: z.string(), memberNo: z.string(), nickname: z.string().optional() });

/** A community as staff see it: with its managers. */
export const StaffCommunityView = CommunityView.extend({ managers: z.array(CommunityManagerView), createdAt: z.iso.datetime() });
export type StaffCommunityView = z.infer<typeof StaffCommunityView>;

export const createCommunity = defineEndpoint({
  method: 'POST',
  path: '/api/v1/hq/communities',
  summary: 'HQ creates a community: a store’s or an interest group',
  tag: 'hq',
  auth: 'hq',
  audit: 'in-transaction',
  body: NewCommunity,
  successStatus: 201,
  response: StaffCommunityView,
});

export const assignCommunityManager = defineEndpoint({
  method: 'PUT',
  path: '/api/v1/hq/communities/:communityId/managers/:memberNo',
  summary: 'HQ makes a member a manager of the community (a member without a staff role becomes a manager)',
  tag: 'hq',
  auth: 'hq',
  audit: 'in-transaction',
  params: CommunityMemberParams,
  response: StaffCommunityView,
});

export const removeCommunityManager = defineEndpoint({
  method: 'DELETE',
  path: '/api/v1/hq/communities/:communityId/managers/:memberNo',
  summary: 'HQ takes the community away from a manager',
  tag: 'hq',
  auth: 'hq',
  audit: 'in-transaction',
  params: CommunityMemberParams,
  response: StaffCommunityView,
});

export const listCommunities = defineEndpoint({
  method: 'GET',
  path: '/api/v1/communities',
  summary: 'Every community, with its member count and whether the member belongs to it',
  tag: 'communities',
  auth: 'member',
  response: z.object({ communities: z.array(CommunityView) }),
});

export const CommunityMembership = z.object({ communityId: z.string(), joined: z.boolean() });

export const joinCommunity = defineEndpoint({
  method: 'POST',
  path: '/api/v1/communities/:communityId/membership',
  rateLimit: { limit: 20, windowSeconds: 60 },
  summary: 'Join a community (joining again is a no-op; a member the managers removed cannot rejoin)',
  tag: 'communities',
  auth: 'member',
  params: CommunityParams,
  successStatus: 200,
  response: CommunityMembership,
});

export const leaveCommunity = defineEndpoint({
  method: 'DELETE',
  path: '/api/v1/communities/:communityId/membership',
  summary: 'Leave a community: no more announcements from it (activity sign-ups stay until cancelled)',
  tag: 'communities',
  auth: 'member',
  params: CommunityParams,
  response: CommunityMembership,
});

export const listStaffCommunities = defineEndpoint({
  method: 'GET',
  path: '/api/v1/staff/communities',
  summary: 'The communities the caller manages (every community for HQ)',
  tag: 'staff',
  auth: 'manager',
  response: z.object({ communities: z.array(StaffCommunityView) }),
});

/** A community member as staff see them: the phone masked. */
export const StaffCommunityMemberView = z.object({
  memberNo: z.string(),
  nickname: z.string().optional(),
  /** The member's own avatar photo, when they set one. */
  avatarUrl: z.string().optional(),
  phoneMasked: z.string().optional(),
  tier: z.object({ code: z.string(), name: z.string() }),
  joinedAt: z.iso.datetime(),
});
export type StaffCommunityMemberView = z.infer<typeof StaffCommunityMemberView>;

export const CommunityMembersQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    /** The `nextCursor` of the previous page. */
    cursor: objectId('a cursor from the previous page').optional(),
  })
  .strict();

export const listCommunityMembers = defineEndpoint({
  method: 'GET',
  path: '/api/v1/staff/communities/:communityId/members',
  summary: 'The community’s members, earliest joined first, a page at a time (phones masked)',
  tag: 'staff',
  auth: 'manager',
  audit: 'read',
  params: CommunityParams,
  query: CommunityMembersQuery,
  response: z.object({ members: z.array(StaffCommunityMemberView), nextCursor: z.string().optional() }),
});

export const removeCommunityMember = defineEndpoint({
  method: 'DELETE',
  path: '/api/v1/staff/communities/:communityId/members/:memberNo',
  summary: 'Remove a member from the community: their sign-ups for activities not yet started are cancelled',
  tag: 'staff',
  auth: 'manager',
  audit: 'in-transaction',
  params: CommunityMemberParams,
  response: z.object({ memberNo: z.string(), removed: z.boolean(), cancelledSignUps: z.number().int() }),
});

// ------------------------------------------------------------------ activities

/** An activity cover photo a manager uploaded (POST …/activity-covers): its unguessable id. */
export const ActivityCoverId = z.string().regex(/^[0-9a-f]{32}$/, 'an activity cover id');
/** Where an uploaded activity cover is served. */
export const ACTIVITY_COVER_PATH = '/api/v1/activity-covers/';
export const activityCoverUrlOf = (coverId: string): string => `${ACTIVITY_COVER_PATH}${coverId}`;
export const ActivityCoverUrl = z
  .string()
  .regex(
    /^\/api\/v1\/activity-covers\/[0-9a-f]{32}$/,
    'an activity cover uploaded with POST /api/v1/staff/communities/:communityId/activity-covers',
  );
/** The cover id in one of our cover URLs, or undefined for any other address (an older activity's https link). */
export function activityCoverIdOf(url: string | undefined): string | undefined {
  if (!url?.startsWith(ACTIVITY_COVER_PATH)) return undefined;
  const id = url.slice(ACTIVITY_COVER_PATH.length);
  return /^[0-9a-f]{32}$/.test(id) ? id : undefined;
}
/** Largest cover photo a manager may upload. */
export const MAX_ACTIVITY_COVER_BYTES = 2 * 1024 * 1024;

export const UploadedActivityCover = z.object({ coverId: ActivityCoverId, url: ActivityCoverUrl });
export type UploadedActivityCover = z.infer<typeof UploadedActivityCover>;

export const uploadActivityCover = defineEndpoint({
  method: 'POST',
  path: '/api/v1/staff/communities/:communityId/activity-covers',
  rateLimit: { limit: 30, windowSeconds: 60 },
  summary:
    'Upload a cover photo for an activity of the community (multipart/form-data, field "file"; JPEG, PNG or WebP up to 2 MB); set it as the activity’s coverImageUrl within a day',
  tag: 'staff',
  auth: 'manager',
  params: CommunityParams,
  successStatus: 201,
  response: UploadedActivityCover,
});

export const ActivityCoverParams = z.object({ coverId: ActivityCoverId }).strict();
export const getActivityCover = defineEndpoint({
  method: 'GET',
  path: '/api/v1/activity-covers/:coverId',
  summary: 'An activity’s cover photo (its id is unguessable; never changes: a new cover has a new id)',
  tag: 'communities',
  auth: 'public',
  params: ActivityCoverParams,
  response: z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'image bytes'),
});

/** What a manager writes about an activity. `signUpDeadline` defaults to the start. */
const activityFields = {
  title: text(40),
  /** A cover uploaded for the activity's community (its URL as the upload answered); older activities keep an https link. */
  coverImageUrl: z.union([ActivityCoverUrl, httpsUrl]),
  description: z.string().trim().max(2000),
  startsAt: instant,
  endsAt: instant,
  /** Where it happens: an address, a live-stream link, or both. */
  place: text(200),
  liveUrl: httpsUrl,
  capacity: z.number().int().min(1).max(10_000),
  /** The lowest tier that may sign up; absent = every member. */
  minTierCode: tierCode,
  signUpDeadline: instant,
  /** Points paid once to each member who checks in. */
  pointsReward: z.number().int().min(0).max(100_000),
};

export const NewActivity = z
  .object({
    ...activityFields,
    description: activityFields.description.default(''),
    place: activityFields.place.optional(),
    liveUrl: activityFields.liveUrl.optional(),
    minTierCode: activityFields.minTierCode.optional(),
    signUpDeadline: activityFields.signUpDeadline.optional(),
    pointsReward: activityFields.pointsReward.default(0),
  })
  .strict();
export type NewActivity = z.infer<typeof NewActivity>;

/** Changes to an activity; absent fields stay, `null` clears an optional one. */
export const ActivityChanges = z
  .object({
    title: activityFields.title.optional(),
    coverImageUrl: activityFields.coverImageUrl.optional(),
    description: activityFields.description.optional(),
    startsAt: activityFields.startsAt.optional(),
    endsAt: activityFields.endsAt.optional(),
    place: activityFields.place.nullable().optional(),
    liveUrl: activityFields.liveUrl.nullable().optional(),
    capacity: activityFields.capacity.optional(),
    minTierCode: activityFields.minTierCode.nullable().optional(),
    signUpDeadline: activityFields.signUpDeadline.optional(),
    pointsReward: activityFields.pointsReward.optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, { message: 'name at least one change' });
export type ActivityChanges = z.infer<typeof ActivityChanges>;

export const ACTIVITY_STATUSES = ['draft', 'published', 'cancelled'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

export const SIGN_UP_STATES = ['confirmed', 'waitlisted', 'cancelled'] as const;
export type SignUpState = (typeof SIGN_UP_STATES)[number];

/** The signed-in member's own sign-up for an activity. */
export const MySignUp = z.object({
  activityId: z.string(),
  state: z.enum(SIGN_UP_STATES),
  /** 1 = next to get a seat; only while waitlisted. */
  waitlistPosition: z.number().int().positive().optional(),
  signedUpAt: z.iso.datetime(),
  checkedInAt: z.iso.datetime().optional(),
  pointsAwarded: z.number().int(),
});
export type MySignUp = z.infer<typeof MySignUp>;

export const ActivityView = z.object({
  id: z.string(),
  communityId: z.string(),
  communityName: z.string(),
  title: z.string(),
  coverImageUrl: z.string(),
  description: z.string(),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  place: z.string().optional(),
  liveUrl: z.string().optional(),
  capacity: z.number().int(),
  seatsLeft: z.number().int(),
  waitlistLength: z.number().int(),
  minTier: z.object({ code: z.string(), name: z.string() }).optional(),
  signUpDeadline: z.iso.datetime(),
  pointsReward: z.number().int(),
  status: z.enum(ACTIVITY_STATUSES),
  /** Whether a sign-up would be taken now (published, before the deadline); tier aside. */
  signUpOpen: z.boolean(),
  cancelReason: z.string().optional(),
  /** The caller's sign-up, when they have one. */
  me: MySignUp.optional(),
});
export type ActivityView = z.infer<typeof ActivityView>;

export const StaffActivityView = ActivityView.omit({ me: true }).extend({
  counts: z.object({
    confirmed: z.number().int(),
    waitlisted: z.number().int(),
    cancelled: z.number().int(),
    checkedIn: z.number().int(),
  }),
  createdAt: z.iso.datetime(),
  publishedAt: z.iso.datetime().optional(),
  cancelledAt: z.iso.datetime().optional(),
});
export type StaffActivityView = z.infer<typeof StaffActivityView>;

export const ActivityListQuery = z
  .object({
    communityId: objectId('a community id').optional(),
    /** `true`: only activities of communities the member belongs to. */
    joined: z.enum(['true', 'false']).default('false'),
  })
  .strict();

export const listActivities = defineEndpoint({
  method: 'GET',
  path: '/api/v1/activities',
  summary: 'Published activities not yet over, soonest first, with seats left and the member’s own status',
  tag: 'communities',
  auth: 'member',
  query: ActivityListQuery,
  response: z.object({ activities: z.array(ActivityView) }),
});

export const getActivity = defineEndpoint({
  method: 'GET',
  path: '/api/v1/activities/:activityId',
  summary: 'One published (or cancelled) activity, with seats left and the member’s own status',
  tag: 'communities',
  auth: 'member',
  params: ActivityParams,
  response: ActivityView,
});

export const MyActivitiesQuery = z.object({ when: z.enum(['upcoming', 'past']).default('upcoming') }).strict();

export const listMyActivities = defineEndpoint({
  method: 'GET',
  path: '/api/v1/me/activities',
  summary: 'Activities the member signed up for: upcoming (soonest first) or past (latest first)',
  tag: 'communities',
  auth: 'member',
  query: MyActivitiesQuery,
  response: z.object({ activities: z.array(ActivityView.extend({ me: MySignUp })) }),
});

export const signUpForActivity = defineEndpoint({
  method: 'POST',
  path: '/api/v1/activities/:activityId/sign-up',
  rateLimit: { limit: 20, windowSeconds: 60 },
  summary: 'Sign up: a seat while any is left, else a place on the waitlist; joins the activity’s community',
  tag: 'communities',
  auth: 'member',
  params: ActivityParams,
  successStatus: 200,
  response: MySignUp,
});

export const cancelActivitySignUp = defineEndpoint({
  method: 'DELETE',
  path: '/api/v1/activities/:activityId/sign-up',
  summary: 'Cancel the sign-up before the activity starts; a freed seat goes to the first on the waitlist',
  tag: 'communities',
  auth: 'member',
  params: ActivityParams,
  response: MySignUp,
});

export const CheckInToken = z.object({
  token: z.string(),
  expiresAt: z.iso.datetime(),
  /** A member's code only: six digits, changing every minute, for a desk without a camera to type. */
  shortCode: z.string().optional(),
});
export type CheckInToken = z.infer<typeof CheckInToken>;

export const getCheckInToken = defineEndpoint({
  method: 'GET',
  path: '/api/v1/activities/:activityId/check-in-token',
  summary: 'A signed QR token (a minute long) for a confirmed member to show the manager while check-in is open',
  tag: 'communities',
  auth: 'member',
  params: ActivityParams,
  response: CheckInToken,
});

export const CheckInResult = z.object({
  activityId: z.string(),
  memberNo: z.string(),
  nickname: z.string().optional(),
  /** The member's avatar photo, when they set one: the desk sees who stands there. */
  avatarUrl: z.string().optional(),
  checkedInAt: z.iso.datetime(),
  pointsAwarded: z.number().int(),
  /** True when the member had already checked in: nothing was paid again. */
  replayed: z.boolean(),
});
export type CheckInResult = z.infer<typeof CheckInResult>;

export const checkInWithSiteCode = defineEndpoint({
  method: 'POST',
  path: '/api/v1/activities/:activityId/check-in',
  rateLimit: { limit: 20, windowSeconds: 60 },
  summary: 'The member checks in by scanning the activity’s on-site code',
  tag: 'communities',
  auth: 'member',
  params: ActivityParams,
  body: z.object({ code: z.string().min(20).max(300) }).strict(),
  successStatus: 200,
  response: CheckInResult,
});

export const createActivity = defineEndpoint({
  method: 'POST',
  path: '/api/v1/staff/communities/:communityId/activities',
  summary:
    'A manager drafts an activity in their community (publish it to open sign-ups; an Idempotency-Key header makes a retry create one activity)',
  tag: 'staff',
  auth: 'manager',
  audit: 'in-transaction',
  params: CommunityParams,
  body: NewActivity,
  successStatus: 201,
  response: StaffActivityView,
});

export const listCommunityActivities = defineEndpoint({
  method: 'GET',
  path: '/api/v1/staff/communities/:communityId/activities',
  summary: 'Every activity of the community, drafts and cancelled ones included, latest start first',
  tag: 'staff',
  auth: 'manager',
  params: CommunityParams,
  response: z.object({ activities: z.array(StaffActivityView) }),
});

export const getStaffActivity = defineEndpoint({
  method: 'GET',
  path: '/api/v1/staff/activities/:activityId',
  summary: 'One activity with its sign-up counts',
  tag: 'staff',
  auth: 'manager',
  params: ActivityParams,
  response: StaffActivityView,
});

export const updateActivity = defineEndpoint({
  method: 'PATCH',
  path: '/api/v1/staff/activities/:activityId',
  summary: 'Edit an activity until it ends; more seats go to the waitlist in order, fewer than confirmed is refused',
  tag: 'staff',
  auth: 'manager',
  audit: 'in-transaction',
  params: ActivityParams,
  body: ActivityChanges,
  response: StaffActivityView,
});

export const publishActivity = defineEndpoint({
  method: 'POST',
  path: '/api/v1/staff/activities/:activityId/publish',
  summary: 'Publish a draft: members see it and may sign up',
  tag: 'staff',
  auth: 'manager',
  audit: 'in-transaction',
  params: ActivityParams,
  successStatus: 200,
  response: StaffActivityView,
});

export const unpublishActivity = defineEndpoint({
  method: 'POST',
  path: '/api/v1/staff/activities/:activityId/unpublish',
  summary: 'Take a published activity back to draft (only while nobody is signed up: cancel it otherwise)',
  tag: 'staff',
  auth: 'manager',
  audit: 'in-transaction',
  params: ActivityParams,
  successStatus: 200,
  response: StaffActivityView,
});

export const cancelActivity = defineEndpoint({
  method: 'POST',
  path: '/api/v1/staff/activities/:activityId/cancel',
  summary: 'Cancel an activity: everyone signed up or waitlisted is notified',
  tag: 'staff',
  auth: 'manager',
  audit: 'in-transaction',
  params: ActivityParams,
  body: z.object({ reason: text(100) }).strict(),
  successStatus: 200,
  response: StaffActivityView,
});

export const SIGN_UP_LIST_FILTERS = ['all', 'confirmed', 'waitlisted', 'cancelled', 'attended'] as const;
export const SignUpListQuery = z.object({ status: z.enum(SIGN_UP_LIST_FILTERS).default('all') }).strict();

/** One sign-up as staff see it: the phone masked. */
export const StaffSignUpRow = z.object({
  /** Sign-up number: the order sign-ups were recorded in (the waitlist follows it). */
  seq: z.number().int(),
  memberNo: z.string(),
  nickname: z.string().optional(),
  /** The member's own avatar photo, when they set one. */
  avatarUrl: z.string().optional(),
  phoneMasked: z.string().optional(),
  tier: z.object({ code: z.string(), name: z.string() }),
  state: z.enum(SIGN_UP_STATES),
  waitlistPosition: z.number().int().positive().optional(),
  signedUpAt: z.iso.datetime(),
  cancelledAt: z.iso.datetime().optional(),
  checkedInAt: z.iso.datetime().optional(),
  checkInMethod: z.enum(['staff-scan', 'site-code']).optional(),
  pointsAwarded: z.number().int(),
});
export type StaffSignUpRow = z.infer<typeof StaffSignUpRow>;

export const listActivitySignUps = defineEndpoint({
  method: 'GET',
  path: '/api/v1/staff/activities/:activityId/sign-ups',
  summary: 'Sign-ups in sign-up order; `status=attended` is the attendance list',
  tag: 'staff',
  auth: 'manager',
  audit: 'read',
  params: ActivityParams,
  query: SignUpListQuery,
  response: z.object({ activityId: z.string(), signUps: z.array(StaffSignUpRow) }),
});

export const exportActivitySignUps = defineEndpoint({
  method: 'GET',
  path: '/api/v1/staff/activities/:activityId/sign-ups.csv',
  summary: 'The sign-up or attendance list as a CSV file (text/csv, UTF-8 with BOM, phones masked)',
  tag: 'staff',
  auth: 'manager',
  audit: 'in-transaction',
  params: ActivityParams,
  query: SignUpListQuery,
  response: z.string(),
});

export const getActivityCheckInCode = defineEndpoint({
  method: 'GET',
  path: '/api/v1/staff/activities/:activityId/check-in-code',
  summary: 'The activity’s on-site check-in code (signed, renewed every couple of minutes) for members to scan',
  tag: 'staff',
  auth: 'manager',
  params: ActivityParams,
  response: CheckInToken,
});

export const checkInMember = defineEndpoint({
  method: 'POST',
  path: '/api/v1/staff/activities/:activityId/check-ins',
  summary:
    'The manager scans a member’s check-in QR token (or types the six digits under it): checks them in and pays the points reward once',
  tag: 'staff',
  auth: 'manager',
  audit: 'in-transaction',
  params: ActivityParams,
  body: z.union([
    z.object({ token: z.string().min(20).max(300) }).strict(),
    /** The six digits under the member's QR code, typed at a desk without a camera. */
    z.object({ shortCode: z.string().regex(/^\d{6}$/, 'six digits') }).strict(),
  ]),
  rateLimit: { limit: 120, windowSeconds: 60 },
  successStatus: 200,
  response: CheckInResult,
});

// ------------------------------------------------------------------ announcements and coupon sends

export const NewAnnouncement = z.object({ title: text(20), body: text(500) }).strict();
export type NewAnnouncement = z.infer<typeof NewAnnouncement>;

export const AnnouncementView = z.object({
  id: z.string(),
  communityId: z.string(),
  title: z.string(),
  body: z.string(),
  createdAt: z.iso.datetime(),
});
export type AnnouncementView = z.infer<typeof AnnouncementView>;

export const StaffAnnouncementView = AnnouncementView.extend({
  /** Members it was queued for (one WeChat message each; the dispatcher skips those without consent). */
  recipients: z.number().int(),
  status: z.enum(['sending', 'sent']),
});
export type StaffAnnouncementView = z.infer<typeof StaffAnnouncementView>;

export const postAnnouncement = defineEndpoint({
  method: 'POST',
  path: '/api/v1/staff/communities/:communityId/announcements',
  summary: 'Announce to the community’s members as a WeChat message (send an Idempotency-Key: a retry posts once)',
  tag: 'staff',
  auth: 'manager',
  audit: 'in-transaction',
  params: CommunityParams,
  body: NewAnnouncement,
  successStatus: 201,
  response: StaffAnnouncementView.extend({ replayed: z.boolean() }),
});

export const listStaffAnnouncements = defineEndpoint({
  method: 'GET',
  path: '/api/v1/staff/communities/:communityId/announcements',
  summary: 'The community’s announcements, latest first',
  tag: 'staff',
  auth: 'manager',
  params: CommunityParams,
  response: z.object({ announcements: z.array(StaffAnnouncementView) }),
});

export const listAnnouncements = defineEndpoint({
  method: 'GET',
  path: '/api/v1/communities/:communityId/announcements',
  summary: 'Announcements of a community the member belongs to, latest first',
  tag: 'communities',
  auth: 'member',
  params: CommunityParams,
  response: z.object({ announcements: z.array(AnnouncementView) }),
});

export const CommunityCouponSendView = z.object({
  id: z.string(),
  communityId: z.string(),
  templateId: z.string(),
  templateName: z.string(),
  /** Members of the community when it was sent. */
  recipients: z.number().int(),
  /** Coupons that landed in wallets (a member already holding this send's coupon is not counted twice). */
  issued: z.number().int(),
  status: z.enum(['sending', 'sent']),
  createdAt: z.iso.datetime(),
});
export type CommunityCouponSendView = z.infer<typeof CommunityCouponSendView>;

export const sendCommunityCoupon = defineEndpoint({
  method: 'POST',
  path: '/api/v1/staff/communities/:communityId/coupon-sends',
  summary: 'Give every member of the community a coupon of a template (send an Idempotency-Key: a retry sends once)',
  tag: 'staff',
  auth: 'manager',
  audit: 'in-transaction',
  params: CommunityParams,
  body: z.object({ templateId: objectId('a coupon template id') }).strict(),
  successStatus: 201,
  response: CommunityCouponSendView.extend({ replayed: z.boolean() }),
});

export const CommunityFigures = z.object({
  communityId: z.string(),
  asOf: z.iso.datetime(),
  /** The look-back window of "active", sign-up and attendance rates. */
  windowDays: z.number().int(),
  members: z.number().int(),
  /** Members who bought (in any store or online) or attended one of the community's activities in the window. */
  activeMembers: z.number().int(),
  signUps: z.object({
    /** Members with a live sign-up for a community activity starting in the window or later. */
    members: z.number().int(),
    /** members / community members; null without members. */
    rate: z.number().nullable(),
  }),
  attendance: z.object({
    /** Confirmed sign-ups of the community's activities that ended in the window. */
    confirmed: z.number().int(),
    attended: z.number().int(),
    /** attended / confirmed; null when nothing ended. */
    rate: z.number().nullable(),
  }),
});
export type CommunityFigures = z.infer<typeof CommunityFigures>;

export const getCommunityFigures = defineEndpoint({
  method: 'GET',
  path: '/api/v1/staff/communities/:communityId/figures',
  summary: 'Members, active members (bought or attended in 90 days), sign-up rate and attendance rate',
  tag: 'staff',
  auth: 'manager',
  params: CommunityParams,
  response: CommunityFigures,
});

// ------------------------------------------------------------------ audit log

export const AuditEntryView = z.object({
  id: z.string(),
  /** The member id of the staff member (or `system`) who acted. */
  actor: z.string(),
  role: z.string(),
  action: z.string(),
  target: z.object({ type: z.string(), id: z.string() }),
  at: z.iso.datetime(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntryView = z.infer<typeof AuditEntryView>;

export const AuditLogQuery = z
  .object({
    action: z.string().min(1).max(60).optional(),
    actor: z.string().min(1).max(40).optional(),
    targetType: z.string().min(1).max(40).optional(),
    targetId: z.string().min(1).max(100).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    /** The `nextCursor` of the previous page. */
    cursor: objectId('a cursor from the previous page').optional(),
  })
  .strict();

export const readAuditLog = defineEndpoint({
  method: 'GET',
  path: '/api/v1/hq/audit-log',
  summary: 'Every staff action (append-only), newest first, filtered by action, actor or target',
  tag: 'hq',
  auth: 'hq',
  query: AuditLogQuery,
  response: z.object({ entries: z.array(AuditEntryView), nextCursor: z.string().optional() }),
});
