import { z } from 'zod';
import { defineEndpoint } from './endpoint';

/**
 * Service tickets (售后工单): a member opens one about an order of theirs or a visit to one of their stores; the
 * staff of that store answer it within the SLA of the member's tier (a programme rule), may compensate with points
 * or a released coupon up to their role's cap (a programme rule), and close it. A ticket nobody answered by its
 * deadline is escalated to HQ. The server sends codes and times; the mini-program words them.
 */

export const SERVICE_TICKET_TYPES = ['complaint', 'product-quality', 'service', 'delivery', 'other'] as const;
export type ServiceTicketType = (typeof SERVICE_TICKET_TYPES)[number];

export const SERVICE_TICKET_STATUSES = ['open', 'answered', 'resolved', 'closed'] as const;
export type ServiceTicketStatus = (typeof SERVICE_TICKET_STATUSES)[number];

export const SERVICE_TICKET_TEXT_MIN = 5;
export const SERVICE_TICKET_TEXT_MAX = 500;
export const SERVICE_TICKET_REPLY_MAX = 500;
export const SERVICE_TICKET_MAX_PHOTOS = 3;
/** Largest photo a member may attach to a ticket. */
export const SERVICE_TICKET_PHOTO_MAX_BYTES = 2 * 1024 * 1024;

const objectId = z.string().regex(/^[0-9a-f]{24}$/, 'an id');
export const ServiceTicketPhotoId = z.string().regex(/^[0-9a-f]{32}$/, 'a photo id');
const StoreCode = z.string().trim().min(1).max(32);
const OrderId = z.string().trim().min(1).max(64);

/** What the ticket is about: one of the member's orders, or a visit to one of the stores they shop at. */
export const ServiceTicketSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('order'), orderId: OrderId }).strict(),
  z.object({ kind: z.literal('visit'), storeCode: StoreCode }).strict(),
]);
export type ServiceTicketSource = z.infer<typeof ServiceTicketSource>;

export const NewServiceTicket = z
  .object({
    source: ServiceTicketSource,
    type: z.enum(SERVICE_TICKET_TYPES),
    text: z
      .string()
      .trim()
      .min(SERVICE_TICKET_TEXT_MIN, `at least ${SERVICE_TICKET_TEXT_MIN} characters`)
      .max(SERVICE_TICKET_TEXT_MAX, `at most ${SERVICE_TICKET_TEXT_MAX} characters`),
    photoIds: z.array(ServiceTicketPhotoId).max(SERVICE_TICKET_MAX_PHOTOS).default([]),
  })
  .strict()
  .refine((t) => new Set(t.photoIds).size === t.photoIds.length, { message: 'each photo once', path: ['photoIds'] });
export type NewServiceTicket = z.input<typeof NewServiceTicket>;

export const ServiceTicketMessage = z.object({
  from: z.enum(['member', 'staff']),
  text: z.string(),
  at: z.iso.datetime(),
});
export type ServiceTicketMessage = z.infer<typeof ServiceTicketMessage>;

export const ServiceTicketCompensationView = z.object({
  kind: z.enum(['points', 'coupon']),
  points: z.number().int().optional(),
  couponName: z.string().optional(),
  /** 'pending' only between the decision and the payment (a crash in between is finished by a job). */
  state: z.enum(['pending', 'paid', 'unavailable']),
});

/** A ticket as its member sees it (no staff ids). */
export const MemberServiceTicket = z.object({
  id: z.string(),
  type: z.enum(SERVICE_TICKET_TYPES),
  status: z.enum(SERVICE_TICKET_STATUSES),
  source: z.object({ kind: z.enum(['order', 'visit']), orderId: z.string().optional(), storeCode: z.string().optional() }),
  text: z.string(),
  /** Signed links valid for a while: the photos are shown to the member and the staff handling the ticket only. */
  photoUrls: z.array(z.string()),
  openedAt: z.iso.datetime(),
  /** When a first answer is promised (the SLA of the member's tier at opening). */
  dueAt: z.iso.datetime(),
  slaHours: z.number().int(),
  firstReplyAt: z.iso.datetime().optional(),
  resolvedAt: z.iso.datetime().optional(),
  closedAt: z.iso.datetime().optional(),
  messages: z.array(ServiceTicketMessage),
  compensation: ServiceTicketCompensationView.optional(),
  /** Staff replies the member has not read yet (the in-app mark). */
  unread: z.number().int(),
});
export type MemberServiceTicket = z.infer<typeof MemberServiceTicket>;

export const MemberServiceTicketList = z.object({
  tickets: z.array(MemberServiceTicket.omit({ messages: true, photoUrls: true })),
  unread: z.number().int(),
});
export type MemberServiceTicketList = z.infer<typeof MemberServiceTicketList>;

export const ServiceTicketOrderChoice = z.object({
  orderId: z.string(),
  paidAt: z.iso.datetime(),
  totalFen: z.number().int(),
  channel: z.enum(['store', 'online']),
  storeCode: z.string().optional(),
});
export const ServiceTicketSources = z.object({
  orders: z.array(ServiceTicketOrderChoice),
  storeCodes: z.array(z.string()),
});
export type ServiceTicketSources = z.infer<typeof ServiceTicketSources>;

/** A ticket as staff see it: the member masked (nickname and member number), the breach and escalation marks. */
export const StaffServiceTicket = MemberServiceTicket.omit({ unread: true }).extend({
  member: z.object({ memberNo: z.string(), nickname: z.string().optional(), tierCode: z.string() }),
  storeCode: z.string().optional(),
  breached: z.boolean(),
  escalatedAt: z.iso.datetime().optional(),
  compensation: ServiceTicketCompensationView.extend({ byRole: z.enum(['manager', 'hq']) }).optional(),
});
export type StaffServiceTicket = z.infer<typeof StaffServiceTicket>;

export const StaffServiceTicketQueue = z.object({
  tickets: z.array(StaffServiceTicket.omit({ messages: true, photoUrls: true })),
  /** The caller's compensation cap in points (the programme's rule for their role). */
  pointsCap: z.number().int(),
});
export type StaffServiceTicketQueue = z.infer<typeof StaffServiceTicketQueue>;

export const StaffServiceTicketQuery = z
  .object({
    /** `active`: open and answered, soonest deadline first (the queue); `done`: resolved and closed, newest first. */
    view: z.enum(['active', 'done']).default('active'),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  })
  .strict();

export const ServiceTicketParams = z.object({ ticketId: objectId }).strict();

export const ServiceTicketReply = z
  .object({
    text: z.string().trim().min(1, 'required').max(SERVICE_TICKET_REPLY_MAX, `at most ${SERVICE_TICKET_REPLY_MAX} characters`),
  })
  .strict();
export type ServiceTicketReply = z.input<typeof ServiceTicketReply>;

export const ServiceTicketCompensation = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('points'), points: z.number().int().positive().max(1_000_000) }).strict(),
  z.object({ kind: z.literal('coupon'), templateId: objectId }).strict(),
]);
export type ServiceTicketCompensation = z.infer<typeof ServiceTicketCompensation>;

export const ServiceTicketResolution = z
  .object({
    /** What the member is told (also a message of the conversation). */
    note: z.string().trim().min(1, 'required').max(SERVICE_TICKET_REPLY_MAX, `at most ${SERVICE_TICKET_REPLY_MAX} characters`),
    compensation: ServiceTicketCompensation.optional(),
  })
  .strict();
export type ServiceTicketResolution = z.input<typeof ServiceTicketResolution>;

export const ServiceTicketCouponChoices = z.object({
  templates: z.array(z.object({ id: z.string(), name: z.string() })),
  pointsCap: z.number().int(),
});
export type ServiceTicketCouponChoices = z.infer<typeof ServiceTicketCouponChoices>;

export const ServiceTicketDashboard = z.object({
  open: z.number().int(),
  /** Open or answered tickets past their deadline with no first reply, or that had none by it. */
  breached: z.number().int(),
  escalated: z.number().int(),
  /** Median minutes from opening to the first staff reply, over the tickets answered in the window. */
  medianFirstReplyMinutes: z.number().nullable(),
  byStore: z.array(
    z.object({
      /** Empty for online orders (HQ's own queue). */
      storeCode: z.string(),
      tickets: z.number().int(),
      breached: z.number().int(),
      /** breached / tickets, 0..1. */
      breachRate: z.number(),
    }),
  ),
  windowDays: z.number().int(),
});
export type ServiceTicketDashboard = z.infer<typeof ServiceTicketDashboard>;

export const ServiceTicketPhotoUpload = z.object({ photoId: z.string(), bytes: z.number().int() });

export const uploadServiceTicketPhoto = defineEndpoint({
  method: 'POST',
  path: '/api/v1/me/service-tickets/photos',
  rateLimit: { limit: 20, windowSeconds: 60 },
  summary: 'Upload one photo for a ticket (multipart/form-data, field "file"; JPEG, PNG or WebP up to 2 MB)',
  tag: 'service-tickets',
  auth: 'member',
  successStatus: 201,
  response: ServiceTicketPhotoUpload,
});

export const ServiceTicketPhotoParams = z.object({ photoId: ServiceTicketPhotoId }).strict();
export const ServiceTicketPhotoQuery = z
  .object({ exp: z.coerce.number().int().positive(), sig: z.string().regex(/^[A-Za-z0-9_-]{20,64}$/) })
  .strict();
export const getServiceTicketPhoto = defineEndpoint({
  method: 'GET',
  path: '/api/v1/service-ticket-photos/:photoId',
  summary: 'A ticket photo through the signed link a ticket view gave its member or staff (expires)',
  tag: 'service-tickets',
  auth: 'public',
  params: ServiceTicketPhotoParams,
  query: ServiceTicketPhotoQuery,
  response: z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'image bytes'),
});

export const listServiceTicketSources = defineEndpoint({
  method: 'GET',
  path: '/api/v1/me/service-tickets/sources',
  summary: 'What the member may open a ticket about: their recent orders and the stores they shop at',
  tag: 'service-tickets',
  auth: 'member',
  response: ServiceTicketSources,
});

export const openServiceTicket = defineEndpoint({
  method: 'POST',
  path: '/api/v1/me/service-tickets',
  summary: 'The member opens a ticket about one of their orders or store visits (Idempotency-Key required)',
  tag: 'service-tickets',
  auth: 'member',
  rateLimit: { limit: 10, windowSeconds: 3600 },
  body: NewServiceTicket,
  successStatus: 201,
  response: MemberServiceTicket,
});

export const listMyServiceTickets = defineEndpoint({
  method: 'GET',
  path: '/api/v1/me/service-tickets',
  summary: 'The member’s tickets, newest first, with the unread replies',
  tag: 'service-tickets',
  auth: 'member',
  response: MemberServiceTicketList,
});

export const getMyServiceTicket = defineEndpoint({
  method: 'GET',
  path: '/api/v1/me/service-tickets/:ticketId',
  summary: 'One of the member’s tickets with its conversation; reading it clears the unread mark',
  tag: 'service-tickets',
  auth: 'member',
  params: ServiceTicketParams,
  response: MemberServiceTicket,
});

export const listStaffServiceTickets = defineEndpoint({
  method: 'GET',
  path: '/api/v1/staff/service-tickets',
  summary: 'The tickets of the caller’s stores (HQ: all), soonest deadline first',
  tag: 'service-tickets',
  auth: 'manager',
  query: StaffServiceTicketQuery,
  response: StaffServiceTicketQueue,
});

export const getStaffServiceTicket = defineEndpoint({
  method: 'GET',
  path: '/api/v1/staff/service-tickets/:ticketId',
  summary: 'One ticket in the caller’s scope with its conversation and photos',
  tag: 'service-tickets',
  auth: 'manager',
  audit: 'read',
  params: ServiceTicketParams,
  response: StaffServiceTicket,
});

export const listServiceTicketCoupons = defineEndpoint({
  method: 'GET',
  path: '/api/v1/staff/service-tickets/compensation-options',
  summary: 'The coupons the caller may compensate with (released to managers; HQ: any active) and their points cap',
  tag: 'service-tickets',
  auth: 'manager',
  response: ServiceTicketCouponChoices,
});

export const replyToServiceTicket = defineEndpoint({
  method: 'POST',
  path: '/api/v1/staff/service-tickets/:ticketId/replies',
  summary: 'Staff answer a ticket in their scope; the member is notified (Idempotency-Key required)',
  tag: 'service-tickets',
  auth: 'manager',
  audit: 'in-transaction',
  params: ServiceTicketParams,
  body: ServiceTicketReply,
  successStatus: 200,
  response: StaffServiceTicket,
});

export const resolveServiceTicket = defineEndpoint({
  method: 'POST',
  path: '/api/v1/staff/service-tickets/:ticketId/resolution',
  summary: 'Staff resolve a ticket, with points or a coupon up to their role’s cap, paid once (Idempotency-Key required)',
  tag: 'service-tickets',
  auth: 'manager',
  audit: 'in-transaction',
  params: ServiceTicketParams,
  body: ServiceTicketResolution,
  successStatus: 200,
  response: StaffServiceTicket,
});

export const closeServiceTicket = defineEndpoint({
  method: 'POST',
  path: '/api/v1/staff/service-tickets/:ticketId/close',
  summary: 'Staff close a resolved ticket (closing it again changes nothing)',
  tag: 'service-tickets',
  auth: 'manager',
  audit: 'in-transaction',
  params: ServiceTicketParams,
  successStatus: 200,
  response: StaffServiceTicket,
});

export const ServiceTicketDashboardQuery = z.object({ days: z.coerce.number().int().min(1).max(365).default(30) }).strict();

export const getServiceTicketDashboard = defineEndpoint({
  method: 'GET',
  path: '/api/v1/hq/service-tickets/dashboard',
  summary: 'HQ’s service figures over the last days: open, breached, escalated, median first reply, breach rate by store',
  tag: 'service-tickets',
  auth: 'hq',
  query: ServiceTicketDashboardQuery,
  response: ServiceTicketDashboard,
});
