import { Injectable } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import { type ClientSession, Connection, Model, Types } from 'mongoose';
import { AppError } from '../common/errors/app-error';
import { Clock } from '../common/clock/clock';
import { KeyedLock } from '../common/keyed-lock';
import { runInTransaction } from '../database/transactions';
import { allocateBurn, allocateClawback, expiredGrants, type GrantAllocation, type PointsGrant } from './domain/points-grants';
import { PointsAccount } from './schemas/points-account.schema';
import { PointsEntry, type PointsEntryKind, type PointsEntryParams } from './schemas/points-entry.schema';
import { PointsLot } from './schemas/points-lot.schema';

export interface PointsSourceRef {
  type: string;
  id: string;
}

/** Why, for staff (`reason`), and what the member may read besides the code derived from the source (`params`). */
export interface Reasoned {
  reason: string;
  params?: PointsEntryParams;
}

export interface EarnPoints extends Reasoned {
  memberId: Types.ObjectId;
  points: number;
  source: PointsSourceRef;
  idempotencyKey: string;
  occurredAt: Date;
  availableAt: Date;
  expiresAt: Date;
}

/**
 * The earning caps a purchase earns under: the business day and month it counts in, what the account's counters
 * should start from when they have no figure for them yet (the purchases earned before the counters existed), and
 * the rule that decides the points given what was earned already. The decision is taken inside the earning's
 * transaction, on the counters as it moves them, so concurrent purchases are capped as if one came after the other.
 */
export interface EarningCaps {
  day: string;
  month: string;
  seedToday: number;
  seedThisMonth: number;
  decide(earnedToday: number, earnedThisMonth: number): number;
}

export interface SpendPoints extends Reasoned {
  memberId: Types.ObjectId;
  points: number;
  source: PointsSourceRef;
  idempotencyKey: string;
}

/**
 * A correction by staff: `points` signed (never 0). A credit is a lot spendable at once that expires at `expiresAt`
 * (and repays any debt first, as earnings do); a debit takes spendable points, soonest-expiring first, and is
 * refused when there are not enough (staff never push a member into debt). `alongside` runs in the same
 * transaction once the entry is written: the audit entry commits with the change or not at all.
 */
export interface AdjustPoints extends Reasoned {
  memberId: Types.ObjectId;
  points: number;
  source: PointsSourceRef;
  idempotencyKey: string;
  expiresAt: Date;
  alongside?: (session: ClientSession, entry: PointsEntry & { _id: Types.ObjectId }) => Promise<void>;
}

export type ShortfallPolicy = 'negativeBalance' | 'debt';

export interface ClawBackPoints extends SpendPoints {
  /** The entry that granted the points being taken back (its lot is used first). */
  earnEntryId?: Types.ObjectId;
  policy: ShortfallPolicy;
}

export interface LedgerWrite {
  entry: PointsEntry & { _id: Types.ObjectId };
  /** True when the idempotency key had been used: nothing was written, the first result is returned. */
  replayed: boolean;
  /** The member's balance as this write committed it (earnings report it; absent on a replay). */
  balance?: number;
}

function toGrant(lot: PointsLot & { _id: Types.ObjectId }): PointsGrant {
  return {
    id: lot._id.toHexString(),
    remaining: lot.remaining,
    earnedAt: lot.earnedAt,
    expiresAt: lot.expiresAt,
    availableAt: lot.availableAt,
  };
}

function assertPositiveInteger(points: number): void {
  if (!Number.isSafeInteger(points) || points <= 0)
    throw new AppError('VALIDATION_FAILED', `points must be a positive integer, got ${points}`);
}

/** Thrown inside a transaction when a guarded update lost a race: the whole transaction is run again. */
class LostRace extends Error {}

/**
 * Thrown inside a transaction that found the account it writes merged into another (HQ merged the member away
 * between choosing the account and writing): the write is run again on the account the member became.
 */
class MergedAway extends Error {
  constructor(readonly into: Types.ObjectId) {
    super('the points account was merged into another');
  }
}

/** The account's member was merged away: writes go to the account they became (see MergedAway). */
function assertNotMerged(account: { mergedInto?: Types.ObjectId } | null | undefined): void {
  if (account?.mergedInto) throw new MergedAway(account.mergedInto);
}

const MAX_ATTEMPTS = 5;

/**
 * The points ledger. Every change is one transaction that appends an entry, adjusts the lots it draws on
 * and the account's running totals together; an idempotency key makes each retry land once.
 */
@Injectable()
export class PointsLedgerService {
  private readonly memberLock = new KeyedLock();

  constructor(
    @InjectConnection() private readonly connection: Connection,
    @InjectModel(PointsEntry.name) private readonly entries: Model<PointsEntry>,
    @InjectModel(PointsLot.name) private readonly lots: Model<PointsLot>,
    @InjectModel(PointsAccount.name) private readonly accounts: Model<PointsAccount>,
    private readonly clock: Clock,
  ) {}

  /**
   * Earns points. `replayCheck` 'optimistic' is for a caller that knows the key is most likely new (a purchase
   * just recorded): earning never refuses, so the transaction may run first, the entry's unique idempotency key
   * aborting a second one, whose first result is read then: one read fewer per earning. Callers that repeat keys
   * often (a monthly task checked on every purchase) keep the default, which looks for the key first.
   */
  async earn(command: EarnPoints, replayCheck: 'checked' | 'optimistic' = 'checked'): Promise<LedgerWrite> {
    const { write } = await this.earnUnder(command, undefined, replayCheck);
    // Without caps an earning always writes its entry.
    if (!write) throw new Error('unreachable: an uncapped earning wrote nothing');
    return write;
  }

  /**
   * Earns up to `command.points` for a purchase under the earning caps (see EarningCaps): the points given are
   * what `caps.decide` allows once the counters include every earning committed before this one. Returns the
   * points given (those of the first run on a replay) and the write, absent when the caps left nothing.
   */
  earnWithinCaps(
    command: EarnPoints,
    caps: EarningCaps,
    replayCheck: 'checked' | 'optimistic' = 'checked',
  ): Promise<{ points: number; write?: LedgerWrite }> {
    return this.earnUnder(command, caps, replayCheck);
  }

  private async earnUnder(
    command: EarnPoints,
    caps: EarningCaps | undefined,
    replayCheck: 'checked' | 'optimistic',
  ): Promise<{ points: number; write?: LedgerWrite }> {
    assertPositiveInteger(command.points);
    // A member merged away since the earning was due (a referral's delayed extra) earns on the account they became.
    return this.forwarded(command.memberId, (owner) => this.earnAs({ ...command, memberId: owner }, caps, replayCheck));
  }

  private async earnAs(
    command: EarnPoints,
    caps: EarningCaps | undefined,
    replayCheck: 'checked' | 'optimistic',
  ): Promise<{ points: number; write?: LedgerWrite }> {
    let balance = 0;
    try {
      const written = await this.write(
        command.memberId,
        command.idempotencyKey,
        async (session) => {
          const earned = await this.earnIn(session, command, command.points, caps);
          if (earned) balance = earned.balance;
          return earned?.entry ?? null;
        },
        undefined,
        replayCheck,
      );
      return { points: written.entry.points, write: written.replayed ? written : { ...written, balance } };
    } catch (error) {
      if (error instanceof NothingToDo) return { points: 0 };
      throw error;
    }
  }

  /** The earning's writes in `session`: the account (and the caps' counters), the entry, the lot, any debt repaid. */
  private async earnIn(
    session: ClientSession,
    command: EarnPoints,
    wanted: number,
    caps: EarningCaps | undefined,
    kind: 'earn' | 'adjust' = 'earn',
  ): Promise<{ entry: PointsEntry & { _id: Types.ObjectId }; balance: number } | null> {
    const entryId = new Types.ObjectId();
    const dayField = caps ? `capDays.${caps.day}` : undefined;
    const monthField = caps ? `capMonths.${caps.month}` : undefined;
    // The account as it was, with the earning (and the caps' counters) added in the same command.
    // Through the driver (every purchase's earning starts here), with what mongoose would add to the upsert: the
    // timestamps and, for a new account, the defaults of the fields the update does not set.
    const now = new Date();
    const before = (await this.accounts.collection.findOneAndUpdate(
      { _id: command.memberId },
      {
        $inc: {
          balance: wanted,
          lifetimeEarned: wanted,
          ...(dayField && monthField ? { [dayField]: wanted, [monthField]: wanted } : {}),
        },
        $set: { updatedAt: now },
        $setOnInsert: { debt: 0, createdAt: now },
      },
      { session, upsert: true, returnDocument: 'before' },
    )) as PointsAccount | null;
    assertNotMerged(before);
    let points = wanted;
    if (caps && dayField && monthField) {
      const today = before?.capDays?.[caps.day];
      const thisMonth = before?.capMonths?.[caps.month];
      points = caps.decide(today ?? caps.seedToday, thisMonth ?? caps.seedThisMonth);
      // Counters met for the first time start from the earnings made before they existed.
      const seedDay = today === undefined ? caps.seedToday : 0;
      const seedMonth = thisMonth === undefined ? caps.seedThisMonth : 0;
      if (points !== wanted || seedDay > 0 || seedMonth > 0) {
        await this.accounts.updateOne(
          { _id: command.memberId },
          {
            $inc: {
              balance: points - wanted,
              lifetimeEarned: points - wanted,
              [dayField]: points - wanted + seedDay,
              [monthField]: points - wanted + seedMonth,
            },
          },
          { session },
        );
      }
      if (points <= 0) return null;
    }
    const account = { balance: before?.balance ?? 0, debt: before?.debt ?? 0 };
    const repaid = Math.min(account.debt, points);
    const entry = await this.append(session, entryId, {
      memberId: command.memberId,
      kind,
      points,
      reason: command.reason,
      ...paramsOf(command),
      source: command.source,
      idempotencyKey: command.idempotencyKey,
      occurredAt: command.occurredAt,
      balanceAfter: account.balance + points,
    });
    // Through the driver, built whole (see append).
    await this.lots.collection.insertOne(
      {
        _id: new Types.ObjectId(),
        memberId: command.memberId,
        entryId,
        points,
        remaining: points - repaid,
        earnedAt: command.occurredAt,
        availableAt: command.availableAt,
        expiresAt: command.expiresAt,
        __v: 0,
      },
      { session },
    );
    if (repaid > 0) {
      // Points owed from an earlier clawback are taken from this earning, as its own ledger line.
      await this.append(session, new Types.ObjectId(), {
        memberId: command.memberId,
        kind: 'clawback',
        points: -repaid,
        reason: 'debt repayment',
        source: { type: 'points-entry', id: entryId.toHexString() },
        idempotencyKey: `${command.idempotencyKey}:debt-repayment`,
        occurredAt: command.occurredAt,
        balanceAfter: account.balance + points - repaid,
        allocations: [],
      });
      await this.accounts.updateOne({ _id: command.memberId }, { $inc: { balance: -repaid, debt: -repaid } }, { session });
    }
    // The last run of this work is the one that committed.
    return { entry, balance: account.balance + points - repaid };
  }

  /**
   * Spends points, soonest-expiring first. Pass `session` to make the spend part of a larger transaction
   * (a gift redemption): then the caller's transaction commits or retries it.
   */
  async spend(command: SpendPoints, session?: ClientSession): Promise<LedgerWrite> {
    assertPositiveInteger(command.points);
    if (session) {
      // Part of the caller's transaction: an account merged away has nothing to spend (its session is stale).
      try {
        return await this.write(command.memberId, command.idempotencyKey, (s) => this.spendIn(s, command, 'burn'), session);
      } catch (error) {
        if (error instanceof MergedAway)
          throw new AppError('INSUFFICIENT_POINTS', `Not enough points: ${command.points} needed.`, { needed: command.points });
        throw error;
      }
    }
    return this.forwarded(command.memberId, (owner) =>
      this.write(owner, command.idempotencyKey, (s) => this.spendIn(s, { ...command, memberId: owner }, 'burn')),
    );
  }

  /** Staff's correction (see AdjustPoints), one transaction with its `alongside` work; idempotent by key. */
  async adjust(command: AdjustPoints): Promise<LedgerWrite> {
    if (!Number.isSafeInteger(command.points) || command.points === 0)
      throw new AppError('VALIDATION_FAILED', `an adjustment is a non-zero whole number of points, got ${command.points}`);
    return this.forwarded(command.memberId, (owner) => this.adjustAs({ ...command, memberId: owner }));
  }

  private async adjustAs(command: AdjustPoints): Promise<LedgerWrite> {
    let balance: number | undefined;
    const written = await this.write(command.memberId, command.idempotencyKey, async (session) => {
      let entry: PointsEntry & { _id: Types.ObjectId };
      if (command.points > 0) {
        const now = this.clock.now();
        const credit = { ...command, occurredAt: now, availableAt: now };
        const earned = await this.earnIn(session, credit, command.points, undefined, 'adjust');
        if (!earned) throw new Error('unreachable: an uncapped credit wrote nothing');
        ({ entry, balance } = earned);
      } else {
        entry = await this.spendIn(session, { ...command, points: -command.points }, 'adjust');
        balance = entry.balanceAfter;
      }
      await command.alongside?.(session, entry);
      return entry;
    });
    return written.replayed ? written : { ...written, balance };
  }

  /** A spend's writes in `session`: lots drawn soonest-expiring first, the entry, the account guarded on its balance. */
  private async spendIn(
    session: ClientSession,
    command: SpendPoints,
    kind: 'burn' | 'adjust',
  ): Promise<PointsEntry & { _id: Types.ObjectId }> {
    const now = this.clock.now();
    const account = await this.account(command.memberId, session);
    assertNotMerged(account);
    const lots = await this.lots.find({ memberId: command.memberId, remaining: { $gt: 0 } }, null, { session }).lean();
    const allocations = allocateBurn(lots.map(toGrant), command.points, now);
    if (!allocations) {
      throw new AppError('INSUFFICIENT_POINTS', `Not enough points: ${command.points} needed.`, { needed: command.points });
    }
    // A balance taken below zero by a refund (or a debt still owed) blocks every spend until it is repaid.
    if (account.balance < 0 || account.debt > 0) {
      throw new AppError(
        'POINTS_BALANCE_NEGATIVE',
        'Points cannot be spent while the balance is below zero after a refund: new points repay it first.',
        { balance: account.balance - account.debt },
      );
    }
    if (account.balance < command.points) {
      throw new AppError('INSUFFICIENT_POINTS', `Not enough points: ${command.points} needed.`, { needed: command.points });
    }
    await this.drawFromLots(session, allocations);
    const entry = await this.append(session, new Types.ObjectId(), {
      memberId: command.memberId,
      kind,
      points: -command.points,
      reason: command.reason,
      ...paramsOf(command),
      source: command.source,
      idempotencyKey: command.idempotencyKey,
      occurredAt: now,
      balanceAfter: account.balance - command.points,
      allocations: allocations.map((a) => ({ lotId: new Types.ObjectId(a.grantId), points: a.points })),
    });
    const spent = await this.accounts.updateOne(
      { _id: command.memberId, balance: { $gte: command.points } },
      { $inc: { balance: -command.points } },
      { session },
    );
    if (spent.modifiedCount !== 1) throw new LostRace('the points account changed under this transaction');
    return entry;
  }

  /**
   * Gives back part of a burn (the points that paid for an order now refunded), to the lots it drew from, the
   * latest-expiring first. Points whose lot has expired since are not given back: they would have expired with it.
   * The parts given back for one burn never add up to more than it took. Returns null when nothing could be given.
   */
  async returnBurned(
    command: Reasoned & { burnEntryId: Types.ObjectId; points: number; source: PointsSourceRef; idempotencyKey: string },
    session?: ClientSession,
  ): Promise<LedgerWrite | null> {
    assertPositiveInteger(command.points);
    const burn = await this.entries.findById(command.burnEntryId, null, session ? { session } : {}).lean();
    if (!burn || burn.kind !== 'burn') throw new AppError('NOT_FOUND', 'No such points spend to give back.');
    const keyPrefix = `burn-return:${command.burnEntryId.toHexString()}:`;
    try {
      return await this.write(
        session ? undefined : burn.memberId,
        `${keyPrefix}${command.idempotencyKey}`,
        async (session) => {
          // The lots and balance are the merged-into member's when HQ merged the spender away since: read in this
          // transaction, so a merge committing meanwhile conflicts with it and it runs again on the new owner.
          const owner = await this.ownerOf(burn.memberId, session);
          const now = this.clock.now();
          const earlier = await this.entries
            // The member's own entries first (an indexed read), then the returns of this burn among them.
            .find(
              {
                memberId: { $in: [burn.memberId, owner] },
                kind: 'adjust',
                idempotencyKey: { $regex: `^${escapeRegex(keyPrefix)}` },
              },
              { allocations: 1 },
              { session },
            )
            .lean();
          const returned = new Map<string, number>();
          for (const entry of earlier)
            for (const a of entry.allocations ?? [])
              returned.set(a.lotId.toHexString(), (returned.get(a.lotId.toHexString()) ?? 0) + a.points);
          const lots = await this.lots
            .find({ _id: { $in: (burn.allocations ?? []).map((a) => a.lotId) } }, { expiresAt: 1 }, { session })
            .lean();
          const expiry = new Map(lots.map((l) => [l._id.toHexString(), l.expiresAt]));
          let left = command.points;
          const allocations: Array<{ lotId: Types.ObjectId; points: number }> = [];
          const open = (burn.allocations ?? [])
            .filter((a) => (expiry.get(a.lotId.toHexString())?.getTime() ?? 0) > now.getTime())
            .sort(
              (x, y) => (expiry.get(y.lotId.toHexString())?.getTime() ?? 0) - (expiry.get(x.lotId.toHexString())?.getTime() ?? 0),
            );
          for (const a of open) {
            const give = Math.min(left, a.points - (returned.get(a.lotId.toHexString()) ?? 0));
            if (give <= 0) continue;
            allocations.push({ lotId: a.lotId, points: give });
            left -= give;
            if (left === 0) break;
          }
          const points = allocations.reduce((sum, a) => sum + a.points, 0);
          if (points === 0) return null;
          return this.giveBack(session, owner, points, allocations, {
            reason: command.reason,
            ...paramsOf(command),
            source: command.source,
            idempotencyKey: `${keyPrefix}${command.idempotencyKey}`,
            occurredAt: now,
          });
        },
        session,
      );
    } catch (error) {
      if (error instanceof NothingToDo) return null;
      throw error;
    }
  }

  /**
   * Gives back exactly what a burn took, to the lots it took it from (a cancelled checkout hold). Appends an
   * `adjust` entry; the burn stays in the ledger. Pass `session` to make it part of the caller's transaction.
   */
  async reverseBurn(
    command: Reasoned & { burnEntryId: Types.ObjectId; source: PointsSourceRef; idempotencyKey: string },
    session?: ClientSession,
  ): Promise<LedgerWrite> {
    return this.write(
      undefined,
      command.idempotencyKey,
      async (session) => {
        const burn = await this.entries.findById(command.burnEntryId, null, { session }).lean();
        if (!burn || burn.kind !== 'burn') throw new AppError('NOT_FOUND', 'No such points spend to reverse.');
        const owner = await this.ownerOf(burn.memberId, session);
        return this.giveBack(session, owner, -burn.points, burn.allocations ?? [], {
          reason: command.reason,
          ...paramsOf(command),
          source: command.source,
          idempotencyKey: command.idempotencyKey,
          occurredAt: this.clock.now(),
        });
      },
      session,
    );
  }

  /**
   * Puts `allocations` back into the lots a burn took them from and credits `points` with an `adjust` entry (a
   * returned part of a redemption, a reversed burn), inside the caller's transaction.
   */
  private async giveBack(
    session: ClientSession,
    memberId: Types.ObjectId,
    points: number,
    allocations: Array<{ lotId: Types.ObjectId; points: number }>,
    entry: Reasoned & { source: PointsSourceRef; idempotencyKey: string; occurredAt: Date },
  ) {
    const account = await this.account(memberId, session);
    assertNotMerged(account);
    // A lot emptied before its owner was merged away comes back to the account the points are credited to.
    for (const a of allocations)
      await this.lots.updateOne({ _id: a.lotId }, { $inc: { remaining: a.points }, $set: { memberId } }, { session });
    const written = await this.append(session, new Types.ObjectId(), {
      memberId,
      kind: 'adjust',
      points,
      ...entry,
      balanceAfter: account.balance + points,
      allocations,
    });
    await this.accounts.updateOne({ _id: memberId }, { $inc: { balance: points } }, { session });
    return written;
  }

  /** Takes back points (a refund): from the purchase's own lot first, then others; a shortfall follows the policy. */
  async clawBack(command: ClawBackPoints): Promise<LedgerWrite> {
    assertPositiveInteger(command.points);
    // A refund of an order of a member merged away since takes the points from the account they became.
    return this.forwarded(command.memberId, (owner) => this.clawBackAs({ ...command, memberId: owner }));
  }

  private clawBackAs(command: ClawBackPoints): Promise<LedgerWrite> {
    return this.write(command.memberId, command.idempotencyKey, async (session) => {
      assertNotMerged(await this.account(command.memberId, session));
      const now = this.clock.now();
      const lots = await this.lots.find({ memberId: command.memberId, remaining: { $gt: 0 } }, null, { session }).lean();
      const ownLot = command.earnEntryId ? lots.find((l) => l.entryId.equals(command.earnEntryId)) : undefined;
      const { allocations, shortfall } = allocateClawback(lots.map(toGrant), command.points, ownLot?._id.toHexString(), now);
      await this.drawFromLots(session, allocations);
      const taken = command.points - shortfall;
      const fromBalance = command.policy === 'negativeBalance' ? command.points : taken;
      const account = await this.account(command.memberId, session);
      const entry = await this.append(session, new Types.ObjectId(), {
        memberId: command.memberId,
        kind: 'clawback',
        points: -fromBalance,
        reason: command.reason,
        ...paramsOf(command),
        source: command.source,
        idempotencyKey: command.idempotencyKey,
        occurredAt: now,
        balanceAfter: account.balance - fromBalance,
        allocations: allocations.map((a) => ({ lotId: new Types.ObjectId(a.grantId), points: a.points })),
        ...(shortfall > 0 ? { shortfall } : {}),
      });
      const debt = command.policy === 'debt' ? shortfall : 0;
      await this.accounts.updateOne(
        { _id: command.memberId },
        { $inc: { balance: -fromBalance, debt } },
        { session, upsert: true },
      );
      return entry;
    });
  }

  /**
   * Expires every lot whose expiry has passed, one ledger entry per lot keyed by the lot, so running it
   * twice (or on two servers at once) expires each lot once. Returns how many points expired.
   */
  async expireDueLots(limit = 1000): Promise<number> {
    const now = this.clock.now();
    const due = await this.lots
      .find({ remaining: { $gt: 0 }, expiresAt: { $lte: now } }, { _id: 1, memberId: 1 })
      .limit(limit)
      .lean();
    let expired = 0;
    for (const { _id, memberId } of due) {
      const result = await this.write(memberId, `expire:${_id.toHexString()}`, async (session) => {
        const lot = await this.lots.findById(_id, null, { session }).lean();
        const [allocation] = lot ? expiredGrants([toGrant(lot)], now) : [];
        if (!lot || !allocation) return null;
        await this.drawFromLots(session, [allocation]);
        const account = await this.account(lot.memberId, session);
        const entry = await this.append(session, new Types.ObjectId(), {
          memberId: lot.memberId,
          kind: 'expire',
          points: -allocation.points,
          reason: 'points expired',
          source: { type: 'points-lot', id: _id.toHexString() },
          idempotencyKey: `expire:${_id.toHexString()}`,
          occurredAt: now,
          balanceAfter: account.balance - allocation.points,
          allocations: [{ lotId: _id, points: allocation.points }],
        });
        await this.accounts.updateOne({ _id: lot.memberId }, { $inc: { balance: -allocation.points } }, { session });
        return entry;
      }).catch((error: unknown) => {
        if (error instanceof NothingToDo) return null;
        throw error;
      });
      if (result && !result.replayed) expired += -result.entry.points;
    }
    return expired;
  }

  /**
   * The member's points: balance, what is spendable now and what is pending, debt, lifetime earnings, and, given
   * `expiringWithinMs`, the lots with points left that expire within that window, soonest first (the member card).
   */
  async balanceOf(
    memberId: Types.ObjectId,
    options: { expiringWithinMs?: number } = {},
  ): Promise<{
    balance: number;
    spendable: number;
    pending: number;
    debt: number;
    lifetimeEarned: number;
    expiringSoon: Array<{ points: number; expiresAt: Date }>;
  }> {
    const now = this.clock.now();
    // On every member home: through the driver (typed values, nothing to cast), only the fields used here.
    const [account, lots] = await Promise.all([
      this.accounts.collection.findOne<Pick<PointsAccount, 'balance' | 'debt' | 'lifetimeEarned'>>(
        { _id: memberId },
        { projection: { _id: 0, balance: 1, debt: 1, lifetimeEarned: 1 } },
      ),
      this.lots.collection
        .find<Pick<PointsLot, 'remaining' | 'availableAt' | 'expiresAt'>>(
          { memberId, remaining: { $gt: 0 }, expiresAt: { $gt: now } },
          { projection: { _id: 0, remaining: 1, availableAt: 1, expiresAt: 1 } },
        )
        .toArray(),
    ]);
    const spendable = lots.filter((l) => l.availableAt <= now).reduce((sum, l) => sum + l.remaining, 0);
    const pending = lots.filter((l) => l.availableAt > now).reduce((sum, l) => sum + l.remaining, 0);
    const horizon = options.expiringWithinMs === undefined ? undefined : now.getTime() + options.expiringWithinMs;
    const expiringSoon =
      horizon === undefined
        ? []
        : lots
            .filter((l) => l.expiresAt.getTime() <= horizon)
            .sort((x, y) => x.expiresAt.getTime() - y.expiresAt.getTime())
            .map((l) => ({ points: l.remaining, expiresAt: l.expiresAt }));
    return {
      balance: account?.balance ?? 0,
      spendable,
      pending,
      debt: account?.debt ?? 0,
      lifetimeEarned: account?.lifetimeEarned ?? 0,
      expiringSoon,
    };
  }

  /** The entry written under an idempotency key, if any. */
  async entryByKey(idempotencyKey: string): Promise<(PointsEntry & { _id: Types.ObjectId }) | null> {
    return this.entries.findOne({ idempotencyKey }).lean();
  }

  /** The member's points balance alone (one read; `balanceOf` adds what is spendable and pending). */
  async balance(memberId: Types.ObjectId): Promise<number> {
    // Read through the driver: a purchase retried by its till is answered with it (see PurchaseIngestService).
    const account = await this.accounts.collection.findOne<{ balance: number }>(
      { _id: memberId },
      { projection: { balance: 1 } },
    );
    return account?.balance ?? 0;
  }

  /**
   * Moves everything a member's points are (balance, debt, every lot with points left, pending ones with their
   * return window) to another member, when HQ merges two accounts of one person: one transaction that writes a
   * `member-merge` line on each side, moves the lots and marks the account merged (later writes naming it land on the
   * other). Running it again after it committed changes nothing and reports what it moved.
   */
  async transferAll(command: {
    from: Types.ObjectId;
    into: Types.ObjectId;
    fromLabel: string;
    intoLabel: string;
    idempotencyKey: string;
  }): Promise<{ points: number; debt: number; lots: number }> {
    if (command.from.equals(command.into)) throw new Error('unreachable: a member is merged into another member');
    return this.exclusive(command.from, () =>
      this.exclusive(command.into, () =>
        runInTransaction(this.connection, async (session) => {
          const from = await this.account(command.from, session);
          if (from.mergedInto) {
            const out = await this.entries.findOne({ idempotencyKey: `${command.idempotencyKey}:out` }, null, { session }).lean();
            return { points: -(out?.points ?? 0), debt: 0, lots: out?.allocations?.length ?? 0 };
          }
          const now = this.clock.now();
          // The kept account itself merged on meanwhile: the points go where it leads.
          const intoOwner = await this.ownerOf(command.into, session);
          if (intoOwner.equals(command.from)) throw new Error('unreachable: a merge would lead back to its own account');
          const lots = await this.lots
            .find({ memberId: command.from, remaining: { $gt: 0 } }, { _id: 1, remaining: 1 }, { session })
            .lean();
          // Every lot moves, emptied ones too: a refund that gives points back to one later finds it on this account.
          await this.lots.updateMany({ memberId: command.from }, { $set: { memberId: intoOwner } }, { session });
          const into = await this.account(intoOwner, session);
          const moved = from.balance;
          const line = { kind: 'adjust' as const, reason: 'account merge', occurredAt: now };
          const allocations = lots.map((l) => ({ lotId: l._id, points: l.remaining }));
          await this.append(session, new Types.ObjectId(), {
            ...line,
            memberId: command.from,
            points: -moved,
            source: { type: 'member-merge', id: command.intoLabel },
            idempotencyKey: `${command.idempotencyKey}:out`,
            balanceAfter: 0,
            allocations,
          });
          await this.append(session, new Types.ObjectId(), {
            ...line,
            memberId: intoOwner,
            points: moved,
            source: { type: 'member-merge', id: command.fromLabel },
            idempotencyKey: `${command.idempotencyKey}:in`,
            balanceAfter: into.balance + moved,
            allocations,
          });
          await this.accounts.updateOne(
            { _id: command.from },
            { $set: { balance: 0, debt: 0, mergedInto: intoOwner } },
            { session, upsert: true },
          );
          await this.accounts.updateOne(
            { _id: intoOwner },
            { $inc: { balance: moved, debt: from.debt } },
            { session, upsert: true },
          );
          return { points: moved, debt: from.debt, lots: lots.length };
        }),
      ),
    );
  }

  /**
   * Runs a write on `memberId`'s account, and again on the account it leads to when the write found it merged (its
   * transaction reads the account anyway, so the usual write costs no extra read).
   */
  private async forwarded<T>(memberId: Types.ObjectId, run: (owner: Types.ObjectId) => Promise<T>): Promise<T> {
    let owner = memberId;
    for (let hop = 0; ; hop++) {
      try {
        return await run(owner);
      } catch (error) {
        if (!(error instanceof MergedAway) || hop >= 5) throw error;
        owner = error.into;
      }
    }
  }

  /** The member whose account a write naming `memberId` lands on: themself, or whom HQ merged them into. */
  private async ownerOf(memberId: Types.ObjectId, session?: ClientSession): Promise<Types.ObjectId> {
    let owner = memberId;
    for (let hop = 0; hop < 5; hop++) {
      const account = await this.accounts.findById(owner, { mergedInto: 1 }, session ? { session } : {}).lean();
      if (!account?.mergedInto) return owner;
      owner = account.mergedInto;
    }
    return owner;
  }

  // ------------------------------------------------------------------ plumbing

  /**
   * Runs `work` (which opens its own transaction on the member's points) queued behind this process's other
   * writes to the member's points. Callers whose transaction includes a ledger write (a redemption, a checkout
   * hold) wrap it in this, and pass their session to the ledger.
   */
  exclusive<T>(memberId: Types.ObjectId, work: () => Promise<T>): Promise<T> {
    return this.memberLock.run(memberId.toHexString(), work);
  }

  private async write(
    memberId: Types.ObjectId | undefined,
    idempotencyKey: string,
    work: (session: ClientSession) => Promise<(PointsEntry & { _id: Types.ObjectId }) | null>,
    outer?: ClientSession,
    /**
     * 'checked' (the default) looks for the key before running `work`, so a retry returns the first result even
     * when `work` would now refuse (not enough points left). 'optimistic' runs `work` first and looks only when
     * the key's unique index refused it: only for writes that never refuse.
     */
    replayCheck: 'checked' | 'optimistic' = 'checked',
  ): Promise<LedgerWrite> {
    if (outer) {
      const existing = await this.entries.findOne({ idempotencyKey }, null, { session: outer }).lean();
      if (existing) return { entry: existing, replayed: true };
      const entry = await work(outer);
      if (!entry) throw new NothingToDo();
      return { entry, replayed: false };
    }
    if (memberId) return this.exclusive(memberId, () => this.write(undefined, idempotencyKey, work, undefined, replayCheck));
    for (let attempt = 1; ; attempt++) {
      if (replayCheck === 'checked' || attempt > 1) {
        const existing = await this.entries.findOne({ idempotencyKey }).lean();
        if (existing) return { entry: existing, replayed: true };
      }
      try {
        const entry = await runInTransaction(this.connection, work);
        if (!entry) throw new NothingToDo();
        return { entry, replayed: false };
      } catch (error) {
        // A concurrent retry with the same key committed first: the loop returns its result.
        const duplicate = (error as { code?: number }).code === 11000;
        if ((duplicate || error instanceof LostRace) && attempt < MAX_ATTEMPTS) continue;
        throw error;
      }
    }
  }

  private async account(memberId: Types.ObjectId, session: ClientSession): Promise<PointsAccount> {
    const account = await this.accounts.findById(memberId, null, { session }).lean();
    return account ?? { _id: memberId, balance: 0, lifetimeEarned: 0, debt: 0 };
  }

  private async append(
    session: ClientSession,
    _id: Types.ObjectId,
    entry: Omit<PointsEntry, 'createdAt' | 'kind'> & { kind: PointsEntryKind },
  ): Promise<PointsEntry & { _id: Types.ObjectId }> {
    // Written through the driver: every caller builds the entry from checked values, typed as the schema, so
    // mongoose's hydration and validation of a new document (much of a purchase's CPU) are not needed; undefined
    // fields are left out as mongoose would.
    const created: PointsEntry & { _id: Types.ObjectId; __v: number } = {
      _id,
      ...definedOnly(entry),
      ...(entry.params ? { params: definedOnly(entry.params) } : {}),
      createdAt: new Date(),
      __v: 0,
    };
    await this.entries.collection.insertOne(created, { session });
    return created;
  }

  private async drawFromLots(session: ClientSession, allocations: GrantAllocation[]): Promise<void> {
    for (const allocation of allocations) {
      const { modifiedCount } = await this.lots.updateOne(
        { _id: new Types.ObjectId(allocation.grantId), remaining: { $gte: allocation.points } },
        { $inc: { remaining: -allocation.points } },
        { session },
      );
      if (modifiedCount !== 1) throw new LostRace('a points lot changed under this transaction');
    }
  }
}

class NothingToDo extends Error {}

/** The object without its undefined fields (the driver would store them as null; mongoose leaves them out). */
function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** The command's params for its entry, left out when it has none (nothing stored then). */
function paramsOf(command: Reasoned): { params?: PointsEntryParams } {
  return command.params && Object.keys(command.params).length > 0 ? { params: command.params } : {};
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
