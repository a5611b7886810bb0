import { Inject, Injectable } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import {
  brandLastDay,
  couponDiscountFen,
  NewCouponTemplate,
  scopedSubtotalFen,
  type CouponBenefit,
  type CouponOrderLine,
  type CouponScope,
  type CouponScopeWords,
  type CouponRedemption,
  type CouponTemplateView,
  type CouponView,
} from '@memberloop/shared';
import { ClientSession, Connection, Model, Types } from 'mongoose';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { KeyedLock } from '../common/keyed-lock';
import { appConfig, type AppConfig } from '../config/app-config';
import { runInTransaction } from '../database/transactions';
import { MembersService, type LeanMember } from '../members';
import { NotificationsService, thing } from '../notifications';
import { PointsLedgerService } from '../points';
import { ProductStore } from '../catalogue';
import { canStack, type CouponStacking } from './domain/coupon-stacking';
import { couponValidWindow } from './domain/coupon-validity';
import { Coupon, CouponMemberCount, CouponOrder, CouponTemplate } from './coupon.schema';
import { COUPON_TOKEN_TTL_MS, CouponTokenSigner } from './coupon-token';
import { ProgrammePolicy } from '../programme';

type LeanTemplate = CouponTemplate & { _id: Types.ObjectId };
type LeanCoupon = Coupon & { _id: Types.ObjectId };

const DAY_MS = 86_400_000;
/** "New member": registered within this many days. */
const NEW_MEMBER_DAYS = 30;

/** The order a redemption conflicts on: each integration names its own orders. */
function couponOrderKey(integrationId: string, orderId: string): string {
  return `${integrationId}:${orderId}`;
}

/**
 * Coupon templates, claiming (stock and per-member limits in one transaction), the wallet, QR tokens and the
 * store's redemption. Claims of one template are queued in this process (a popular coupon is claimed by
 * hundreds at once); transactions keep several instances apart.
 */
@Injectable()
export class CouponsService {
  private readonly claims = new KeyedLock();
  private readonly tokens: CouponTokenSigner;

  constructor(
    private readonly programme: ProgrammePolicy,
    @InjectModel(CouponTemplate.name) private readonly templates: Model<CouponTemplate>,
    @InjectModel(Coupon.name) private readonly coupons: Model<Coupon>,
    @InjectModel(CouponMemberCount.name) private readonly counts: Model<CouponMemberCount>,
    @InjectModel(CouponOrder.name) private readonly orders: Model<CouponOrder>,
    private readonly members: MembersService,
    @InjectConnection() private readonly connection: Connection,
    private readonly clock: Clock,
    private readonly notifications: NotificationsService,
    private readonly ledger: PointsLedgerService,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
    private readonly catalogue: ProductStore,
  ) {
    this.tokens = new CouponTokenSigner(config.security.accessTokenSecret);
  }

  async createTemplate(input: NewCouponTemplate): Promise<CouponTemplateView> {
    const template = NewCouponTemplate.parse(input);
    const [created] = await this.templates.create([{ ...template, remainingStock: template.totalStock, active: true }]);
    const view = templateView(created.toObject());
    return { ...view, releasedToManagers: created.releasedToManagers === true };
  }

  async claimable(memberId: Types.ObjectId): Promise<CouponTemplateView[]> {
    const member = await this.member(memberId);
    const now = this.clock.now();
    const templates = await this.templates
      .find({ claimable: true, active: true, remainingStock: { $gt: 0 } })
      .lean<LeanTemplate[]>();
    const open = templates.filter((t) => t.validity.type === 'afterClaim' || Date.parse(t.validity.to) > now.getTime());
    const counts = await this.counts.find({ _id: { $in: open.map((t) => countId(t._id, memberId)) } }).lean();
    const held = new Map(counts.map((c) => [c._id, c.count]));
    const shown = open.filter((t) => this.eligible(t, member, now));
    const words = await this.scopeWords(shown.map((t) => t.scope));
    return shown.map((t, i) => ({
      ...templateView(t, Math.max(0, t.perMemberLimit - (held.get(countId(t._id, memberId)) ?? 0))),
      ...(words[i] ? { appliesTo: words[i] } : {}),
    }));
  }

  /**
   * Claims one coupon for the member (`free`), or exchanges points for one (`points`): once per client key,
   * within stock and the member's limit; the points are spent in the same transaction as the coupon is made.
   */
  async claim(
    memberId: Types.ObjectId,
    templateId: Types.ObjectId,
    clientKey: string,
    payment: 'free' | 'points' = 'free',
  ): Promise<CouponView & { replayed: boolean; pointsSpent: number }> {
    const issueKey = `${payment === 'free' ? 'claim' : 'exchange'}:${memberId.toHexString()}:${clientKey}`;
    const previous = await this.coupons.findOne({ issueKey }).lean<LeanCoupon>();
    if (previous) return { ...this.view(previous), replayed: true, pointsSpent: previous.pointsSpent ?? 0 };
    const member = await this.member(memberId);
    // Exchanges write the member's points account: queued with the member's other ledger writes.
    const queued = <T>(work: () => Promise<T>) => (payment === 'points' ? this.ledger.exclusive(memberId, work) : work());
    try {
      const coupon = await queued(() =>
        this.claims.run(templateId.toHexString(), () =>
          runInTransaction(this.connection, async (session) => {
            const now = this.clock.now();
            const template = await this.templates.findOne({ _id: templateId }, null, { session }).lean<LeanTemplate>();
            if (!template || !template.claimable) throw new AppError('NOT_FOUND', 'No such coupon to claim.');
            if (!template.active)
              throw new AppError('COUPON_TEMPLATE_RETIRED', `「${template.name}」is no longer offered: HQ retired it.`);
            if (payment === 'free' && template.pointsPrice)
              throw new AppError(
                'CONFLICT',
                `「${template.name}」is exchanged for ${template.pointsPrice} points, not claimed for free.`,
              );
            if (payment === 'points' && !template.pointsPrice)
              throw new AppError('CONFLICT', `「${template.name}」is free to claim: it is not exchanged for points.`);
            if (!this.eligible(template, member, now))
              throw new AppError('COUPON_NOT_ELIGIBLE', `「${template.name}」is not offered to you.`);
            const coupon = newCoupon(template, memberId, issueKey, now, this.config.brand.timeZone);
            if (coupon.validTo <= now) throw new AppError('COUPON_UNUSABLE', `「${template.name}」has ended.`);
            await this.drawFromStock(template, memberId, session);
            if (payment === 'points' && template.pointsPrice) {
              await this.ledger.spend(
                {
                  memberId,
                  points: template.pointsPrice,
                  reason: `积分兑换「${template.name}」`,
                  source: { type: 'coupon-exchange', id: templateId.toHexString() },
                  idempotencyKey: issueKey,
                },
                session,
              );
              coupon.pointsSpent = template.pointsPrice;
            }
            const [created] = await this.coupons.create([coupon], { session });
            return created.toObject() as LeanCoupon;
          }),
        ),
      );
      return { ...this.view(coupon), replayed: false, pointsSpent: coupon.pointsSpent ?? 0 };
    } catch (error) {
      if ((error as { code?: number }).code === 11000) {
        const winner = await this.coupons.findOne({ issueKey }).lean<LeanCoupon>();
        if (winner) return { ...this.view(winner), replayed: true, pointsSpent: winner.pointsSpent ?? 0 };
      }
      throw error;
    }
  }

  /**
   * Takes one coupon of the template from its stock and the member's per-member limit, in the caller's transaction:
   * the one way both claims and staff sends draw them. Read, then write: concurrent draws all write the template
   * and the member's counter, so all but one conflict and retry; the stock's write is guarded besides.
   */
  private async drawFromStock(template: LeanTemplate, memberId: Types.ObjectId, session: ClientSession): Promise<void> {
    const counter = await this.counts.findById(countId(template._id, memberId), null, { session }).lean();
    if ((counter?.count ?? 0) >= template.perMemberLimit) {
      throw new AppError(
        'LIMIT_REACHED',
        `You already hold 「${template.name}」 ${template.perMemberLimit} time(s), the most allowed.`,
      );
    }
    if (template.remainingStock < 1) throw new AppError('OUT_OF_STOCK', `「${template.name}」has all been claimed.`);
    const drawn = await this.templates.updateOne(
      { _id: template._id, remainingStock: { $gte: 1 } },
      { $inc: { remainingStock: -1 } },
      { session },
    );
    if (drawn.modifiedCount !== 1) throw new AppError('OUT_OF_STOCK', `「${template.name}」has all been claimed.`);
    await this.counts.updateOne({ _id: countId(template._id, memberId) }, { $inc: { count: 1 } }, { session, upsert: true });
  }

  /**
   * Issues a coupon from a staff member's send (a community's members, a segment): drawn from the template's stock
   * and the member's per-member limit exactly as a claim draws them, once per `issueKey`. Never refuses the whole
   * send: says why this member got nothing instead.
   */
  async issueFromStock(
    memberId: Types.ObjectId,
    templateId: Types.ObjectId,
    issueKey: string,
  ): Promise<'issued' | 'already-issued' | 'limit-reached' | 'out-of-stock' | 'unavailable'> {
    try {
      return await this.claims.run(templateId.toHexString(), () =>
        runInTransaction(this.connection, async (session) => {
          if (await this.coupons.exists({ issueKey }).session(session)) return 'already-issued' as const;
          const now = this.clock.now();
          const template = await this.templates
            .findOne({ _id: templateId, active: true }, null, { session })
            .lean<LeanTemplate>();
          if (!template) return 'unavailable' as const;
          const coupon = newCoupon(template, memberId, issueKey, now, this.config.brand.timeZone);
          if (coupon.validTo <= now) return 'unavailable' as const;
          await this.drawFromStock(template, memberId, session);
          await this.coupons.create([coupon], { session });
          return 'issued' as const;
        }),
      );
    } catch (error) {
      if (error instanceof AppError && error.code === 'LIMIT_REACHED') return 'limit-reached';
      if (error instanceof AppError && error.code === 'OUT_OF_STOCK') return 'out-of-stock';
      if ((error as { code?: number }).code === 11000) return 'already-issued';
      throw error;
    }
  }

  async wallet(memberId: Types.ObjectId, status: CouponView['status']): Promise<CouponView[]> {
    const now = this.clock.now();
    const filter: Record<string, unknown> =
      status === 'used'
        ? { memberId, state: 'used' }
        : status === 'available'
          ? { memberId, state: 'available', validTo: { $gt: now } }
          : { memberId, state: 'available', validTo: { $lte: now } };
    const coupons = await this.coupons
      .find(filter)
      .sort(status === 'available' ? { validTo: 1, _id: 1 } : { updatedAt: -1, _id: -1 })
      .limit(200)
      .lean<LeanCoupon[]>();
    const words = await this.scopeWords(coupons.map((c) => c.scope));
    return coupons.map((c, i) => ({ ...this.view(c), ...(words[i] ? { appliesTo: words[i] } : {}) }));
  }

  /** How many coupons the member can use now (the member card shows it). */
  async countAvailable(memberId: Types.ObjectId): Promise<number> {
    const now = this.clock.now();
    // On every member home: the `count` command through the driver (typed values, nothing to cast), exact with a
    // query; countDocuments would run an aggregation, about a third dearer for the driver and the database.
    const counted = await this.coupons.collection.conn.db!.command({
      count: this.coupons.collection.collectionName,
      query: { memberId, state: 'available', validFrom: { $lte: now }, validTo: { $gt: now } },
    });
    return Number(counted.n);
  }

  /** A fresh QR token for one of the member's usable coupons. */
  async token(memberId: Types.ObjectId, couponId: Types.ObjectId): Promise<{ token: string; expiresAt: string }> {
    const coupon = await this.coupons.findOne({ _id: couponId, memberId }).lean<LeanCoupon>();
    if (!coupon) throw new AppError('NOT_FOUND', 'No such coupon in your wallet.');
    this.assertUsable(coupon);
    const expiresAt = new Date(this.clock.now().getTime() + COUPON_TOKEN_TTL_MS);
    return {
      token: this.tokens.sign(couponId.toHexString(), memberId.toHexString(), expiresAt),
      expiresAt: expiresAt.toISOString(),
    };
  }

  /** The store redeems a scanned coupon for an order: once; the same order again gets the same answer. */
  async redeem(
    integrationId: string,
    request: { token: string; orderId: string; orderTotalFen: number; channel: 'store' | 'online'; lines?: CouponOrderLine[] },
  ): Promise<CouponRedemption> {
    const claimed = this.tokens.verify(request.token, this.clock.now());
    if (!claimed)
      throw new AppError('INVALID_COUPON_TOKEN', 'This coupon code is not valid or has expired: ask the member to refresh it.');
    const couponId = new Types.ObjectId(claimed.couponId);
    const coupon = await this.coupons
      .findOne({ _id: couponId, memberId: new Types.ObjectId(claimed.memberId) })
      .lean<LeanCoupon>();
    if (!coupon) throw new AppError('INVALID_COUPON_TOKEN', 'This coupon code does not match a coupon.');
    if (coupon.state === 'used') {
      if (coupon.orderId === request.orderId && coupon.integrationId === integrationId) return redemption(coupon, true);
      throw new AppError('COUPON_UNUSABLE', 'This coupon has already been used.');
    }
    this.assertUsable(coupon);
    if (!coupon.channels.includes(request.channel)) {
      throw new AppError(
        'COUPON_UNUSABLE',
        `This coupon cannot be used ${request.channel === 'store' ? 'in stores' : 'online'}.`,
      );
    }
    const benefit = coupon.benefit as unknown as CouponBenefit;
    const discountFen = couponDiscountFen(benefit, await this.baseOf(coupon, request));
    if (benefit.kind === 'threshold' && discountFen === 0) {
      throw new AppError(
        'COUPON_UNUSABLE',
        `This coupon needs ${coupon.scope ? 'items it applies to' : 'an order'} of at least ¥${(benefit.thresholdFen / 100).toFixed(2)}.`,
      );
    }
    const used = await runInTransaction(this.connection, async (session) => {
      const onOrder = await this.coupons
        .find({ orderId: request.orderId, integrationId, state: 'used', _id: { $ne: couponId } }, { templateId: 1 }, { session })
        .lean<LeanCoupon[]>();
      if (onOrder.length > 0) {
        const stacking = await this.stackingOf([coupon.templateId, ...onOrder.map((c) => c.templateId)], session);
        const adding = stacking.get(coupon.templateId.toHexString()) ?? { mode: 'exclusive' };
        if (
          !canStack(
            onOrder.map((c) => stacking.get(c.templateId.toHexString()) ?? { mode: 'exclusive' }),
            adding,
          )
        ) {
          throw new AppError(
            'COUPONS_NOT_STACKABLE',
            `「${coupon.name}」cannot be combined with the coupons already used on this order.`,
          );
        }
      }
      // Written by every redemption of the order: concurrent ones conflict, and the retry sees the other coupon.
      await this.orders.updateOne(
        { _id: couponOrderKey(integrationId, request.orderId) },
        { $addToSet: { couponIds: couponId } },
        { upsert: true, session },
      );
      return this.coupons
        .findOneAndUpdate(
          { _id: couponId, state: 'available', validTo: { $gt: this.clock.now() } },
          { $set: { state: 'used', usedAt: this.clock.now(), orderId: request.orderId, integrationId, discountFen } },
          { returnDocument: 'after', session },
        )
        .lean<LeanCoupon>();
    });
    if (used) return redemption(used, false);
    // Another order took it between the read and the write: report as the read above would have.
    const now = await this.coupons.findById(couponId).lean<LeanCoupon>().orFail();
    if (now.orderId === request.orderId && now.integrationId === integrationId) return redemption(now, true);
    throw new AppError('COUPON_UNUSABLE', 'This coupon has already been used.');
  }

  /**
   * One of this integration's orders was refunded in full: the coupons it redeemed on that order go back to their
   * owners' wallets while still valid. Another integration's order of the same number is never touched.
   */
  async returnForOrder(integrationId: string, orderId: string): Promise<number> {
    const returned = await this.coupons.updateMany(
      { orderId, integrationId, state: 'used', validTo: { $gt: this.clock.now() } },
      { $set: { state: 'available' }, $unset: { usedAt: 1, orderId: 1, integrationId: 1, discountFen: 1 } },
    );
    await this.orders.deleteOne({ _id: couponOrderKey(integrationId, orderId) });
    return returned.modifiedCount;
  }

  private async stackingOf(templateIds: Types.ObjectId[], session: ClientSession): Promise<Map<string, CouponStacking>> {
    const templates = await this.templates
      .find({ _id: { $in: templateIds } }, { stacking: 1 }, { session })
      .lean<LeanTemplate[]>();
    return new Map(templates.map((t) => [t._id.toHexString(), t.stacking]));
  }

  /**
   * Issues a coupon by a rule (a tier upgrade's bundle, a referral reward, an assist, a win-back, a group-buy
   * voucher): outside stock-limited claiming, once per `issueKey`. Templates that ended are skipped. A reward the
   * member earned is never refused for stock or limits; a staff member's budgeted send (a community, a segment;
   * manager or HQ) is not a rule and draws stock and limits through `issueFromStock` instead.
   */
  async issue(memberId: Types.ObjectId, templateId: Types.ObjectId, issueKey: string): Promise<boolean> {
    const template = await this.templates.findOne({ _id: templateId, active: true }).lean<LeanTemplate>();
    if (!template) return false;
    const now = this.clock.now();
    const coupon = newCoupon(template, memberId, issueKey, now, this.config.brand.timeZone);
    if (coupon.validTo <= now) return false;
    try {
      await this.coupons.create([coupon]);
      return true;
    } catch (error) {
      if ((error as { code?: number }).code === 11000) return false;
      throw error;
    }
  }

  /**
   * Reminds members of unused coupons that expire within the reminder window, once per coupon (the daily job).
   * The notification is queued before the coupon is marked, so a crash in between repeats the dedupe-keyed
   * enqueue rather than losing the reminder.
   */
  async remindExpiring(): Promise<{ reminded: number }> {
    const now = this.clock.now();
    const horizon = new Date(now.getTime() + this.programme.rules().coupons.expiryReminderDays * DAY_MS);
    const due = await this.coupons
      .find({ state: 'available', validTo: { $gt: now, $lte: horizon }, remindedAt: { $exists: false } })
      .limit(5000)
      .lean<LeanCoupon[]>();
    for (const coupon of due) {
      await this.notifications.enqueue({
        memberId: coupon.memberId,
        kind: 'coupon-expiring',
        dedupeKey: `coupon-expiring:${coupon._id.toHexString()}`,
        page: 'packages/coupons/index',
        data: {
          thing1: thing(coupon.name),
          date2: { value: brandLastDay(coupon.validTo, this.config.brand.timeZone) },
          thing3: thing('优惠券即将过期，记得使用'),
        },
      });
      await this.coupons.updateOne({ _id: coupon._id }, { $set: { remindedAt: now } });
    }
    return { reminded: due.length };
  }

  private assertUsable(coupon: LeanCoupon): void {
    const now = this.clock.now();
    if (coupon.state === 'used') throw new AppError('COUPON_UNUSABLE', 'This coupon has already been used.');
    if (coupon.state === 'voided') throw new AppError('COUPON_UNUSABLE', 'This coupon was taken back.');
    if (coupon.validTo <= now) throw new AppError('COUPON_UNUSABLE', 'This coupon has expired.');
    if (coupon.validFrom > now) throw new AppError('COUPON_UNUSABLE', 'This coupon cannot be used yet.');
  }

  private eligible(template: LeanTemplate, member: LeanMember, now: Date): boolean {
    if (template.tiers?.length && !template.tiers.includes(member.tier.code)) return false;
    if (template.regions?.length && !(member.region && template.regions.includes(member.region))) return false;
    if (template.newMembersOnly && now.getTime() - member.registeredAt.getTime() > NEW_MEMBER_DAYS * DAY_MS) return false;
    return true;
  }

  private async member(memberId: Types.ObjectId): Promise<LeanMember> {
    const member = await this.members.findById(memberId);
    if (!member) throw new AppError('NOT_FOUND', 'No such member.');
    return member;
  }

  /** Each scope in a member's words (product names, categories), one catalogue read for them all; undefined for none. */
  private async scopeWords(scopes: Array<CouponScope | undefined>): Promise<Array<CouponScopeWords | undefined>> {
    const skus = scopes.flatMap((scope) => scope?.skus ?? []);
    const products = await this.catalogue.namesAndCategories(skus.slice(0, 1000));
    return scopes.map((scope) =>
      scope
        ? {
            // A product the catalogue no longer knows is left out rather than shown by its code.
            products: scope.skus.flatMap((sku) => products.get(sku)?.name ?? []),
            categories: scope.categories,
          }
        : undefined,
    );
  }

  /**
   * The amount a coupon's discount is taken from: the whole order, or for a scoped coupon the order's lines in its
   * scope, each line's category as the brand's catalogue has it (a till cannot move a product into a category).
   */
  private async baseOf(coupon: LeanCoupon, request: { orderTotalFen: number; lines?: CouponOrderLine[] }): Promise<number> {
    const scope = coupon.scope;
    if (!scope) return request.orderTotalFen;
    if (!request.lines)
      throw new AppError('VALIDATION_FAILED', 'This coupon applies to some products only: send the order lines.', {
        issues: [{ path: 'body.lines', message: 'required for a coupon limited to products or categories' }],
      });
    const catalogue = await this.catalogue.namesAndCategories(request.lines.map((l) => l.sku));
    // A line is worth at most its catalogue price: a till cannot make an in-scope item carry the whole order.
    const lines = request.lines.map((line) => {
      const listed = catalogue.get(line.sku)?.priceFen;
      return listed === undefined ? line : { ...line, unitPriceFen: Math.min(line.unitPriceFen, listed) };
    });
    const base = Math.min(
      request.orderTotalFen,
      scopedSubtotalFen(scope, lines, (sku) => catalogue.get(sku)?.category),
    );
    if (base === 0)
      throw new AppError('COUPON_UNUSABLE', 'No item of this order is one this coupon applies to.', { reason: 'OUT_OF_SCOPE' });
    return base;
  }

  private view(coupon: LeanCoupon): CouponView {
    const expired = coupon.state === 'available' && coupon.validTo <= this.clock.now();
    return {
      id: coupon._id.toHexString(),
      templateId: coupon.templateId.toHexString(),
      name: coupon.name,
      benefit: coupon.benefit as unknown as CouponBenefit,
      status: coupon.state === 'used' ? 'used' : expired ? 'expired' : 'available',
      validFrom: coupon.validFrom.toISOString(),
      validTo: coupon.validTo.toISOString(),
      ...(coupon.usedAt ? { usedAt: coupon.usedAt.toISOString() } : {}),
      ...(coupon.orderId ? { orderId: coupon.orderId } : {}),
    };
  }
}

function countId(templateId: Types.ObjectId, memberId: Types.ObjectId): string {
  return `${templateId.toHexString()}:${memberId.toHexString()}`;
}

/** A coupon of the template for the member, valid for the template's window or from now for its days. */
function newCoupon(template: LeanTemplate, memberId: Types.ObjectId, issueKey: string, now: Date, timeZone: string): Coupon {
  return {
    templateId: template._id,
    memberId,
    issueKey,
    name: template.name,
    benefit: template.benefit,
    channels: template.channels,
    ...(template.scope ? { scope: template.scope } : {}),
    ...couponValidWindow(template.validity, now, timeZone),
    state: 'available',
  };
}

function templateView(template: LeanTemplate, remainingForMe?: number): CouponTemplateView {
  return {
    id: template._id.toHexString(),
    name: template.name,
    benefit: template.benefit as unknown as CouponBenefit,
    validity: template.validity,
    totalStock: template.totalStock,
    remainingStock: template.remainingStock,
    perMemberLimit: template.perMemberLimit,
    channels: template.channels,
    ...(template.pointsPrice ? { pointsPrice: template.pointsPrice } : {}),
    ...(remainingForMe === undefined ? {} : { remainingForMe }),
  };
}

function redemption(coupon: LeanCoupon, replayed: boolean): CouponRedemption {
  return {
    couponId: coupon._id.toHexString(),
    memberId: coupon.memberId.toHexString(),
    name: coupon.name,
    benefit: coupon.benefit as unknown as CouponBenefit,
    discountFen: coupon.discountFen ?? 0,
    orderId: coupon.orderId ?? '',
    replayed,
  };
}
