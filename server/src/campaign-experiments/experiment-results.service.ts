import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { ExperimentArmResult, ExperimentResults } from '@memberloop/shared';
import { Model, Types } from 'mongoose';
import { Clock } from '../common/clock/clock';
import { CouponStore } from '../coupons';
import { PointsStore } from '../points';
import { PurchaseStore } from '../purchases';
import { CampaignExperimentsService, type LeanExperiment } from './campaign-experiments.service';
import { bestVariant } from './domain/best-variant';
import { meanDifference, momentsOf, twoProportionTest } from './domain/statistics';
import { ExperimentAssignment } from './schemas/campaign-experiment.schema';

interface ArmFigures {
  members: string[];
  sent: number;
}

/**
 * An experiment's results over its attribution window [start, start + days), intention to treat: every eligible
 * assigned member counts in their arm whether or not the reward reached them. Conversion = bought at least once in
 * the window; revenue = net spend (after refunds) in the window per member; redemption = the experiment's coupon
 * used, or points spent in the window. Variants are compared with control (docs/ab-testing.md).
 */
@Injectable()
export class ExperimentResultsService {
  constructor(
    @InjectModel(ExperimentAssignment.name) private readonly assignments: Model<ExperimentAssignment>,
    private readonly experimentsService: CampaignExperimentsService,
    private readonly purchases: PurchaseStore,
    private readonly coupons: CouponStore,
    private readonly points: PointsStore,
    private readonly clock: Clock,
  ) {}

  async results(id: Types.ObjectId): Promise<ExperimentResults> {
    const experiment = await this.experimentsService.experiment(id);
    const now = this.clock.now();
    const from = experiment.startedAt;
    const windowEnd = experiment.windowEndsAt;
    const to = windowEnd && windowEnd < now ? windowEnd : now;
    const arms = new Map<string, ArmFigures>([['control', { members: [], sent: 0 }]]);
    for (const v of experiment.variants) arms.set(v.key, { members: [], sent: 0 });
    const cursor = this.assignments
      .find({ experimentId: id, status: { $ne: 'excluded' } }, { memberId: 1, arm: 1, status: 1 })
      .lean<Array<{ memberId: Types.ObjectId; arm: string; status: string }>>()
      .cursor({ batchSize: 1000 });
    for await (const a of cursor) {
      const arm = arms.get(a.arm);
      if (!arm) continue;
      arm.members.push(a.memberId.toHexString());
      if (a.status === 'sent') arm.sent += 1;
    }
    const inExperiment = new Set([...arms.values()].flatMap((a) => a.members));
    const spend = new Map<string, number>();
    const buyers = new Set<string>();
    const pointsSpenders = new Set<string>();
    if (from) {
      for await (const p of this.purchases.appliedPaidBetween(from, to)) {
        const member = p.memberId.toHexString();
        if (!inExperiment.has(member)) continue;
        buyers.add(member);
        spend.set(member, (spend.get(member) ?? 0) + p.totalFen - p.refundedFen);
      }
      if (experiment.variants.some((v) => v.reward.kind === 'points'))
        for (const row of await this.points.earnedAndRedeemedByMember(from, to))
          if (row.redeemed > 0) pointsSpenders.add(String(row._id));
    }
    const controlArm = arms.get('control')!;
    const controlFigures = this.figuresOf(controlArm.members, buyers, spend);
    const rows: ExperimentArmResult[] = [
      {
        arm: 'control',
        name: '对照组',
        members: controlArm.members.length,
        sent: 0,
        redeemed: null,
        redemptionRate: null,
        converted: controlFigures.converted,
        conversionRate: rate(controlFigures.converted, controlArm.members.length),
        revenuePerMemberFen: mean(controlFigures.revenue),
        conversionVsControl: null,
        revenueVsControl: null,
      },
    ];
    for (const variant of experiment.variants) {
      const arm = arms.get(variant.key)!;
      const figures = this.figuresOf(arm.members, buyers, spend);
      const redeemed = await this.redeemed(experiment, variant.reward.kind, arm.members, pointsSpenders);
      const conversion = twoProportionTest(
        figures.converted,
        arm.members.length,
        controlFigures.converted,
        controlArm.members.length,
      );
      const revenue = meanDifference(momentsOf(figures.revenue), momentsOf(controlFigures.revenue));
      rows.push({
        arm: variant.key,
        name: variant.name,
        members: arm.members.length,
        sent: arm.sent,
        redeemed,
        redemptionRate: redeemed === null ? null : rate(redeemed, arm.sent),
        converted: figures.converted,
        conversionRate: rate(figures.converted, arm.members.length),
        revenuePerMemberFen: mean(figures.revenue),
        conversionVsControl: conversion
          ? {
              difference: conversion.difference,
              low: conversion.low,
              high: conversion.high,
              pValue: conversion.pValue,
              significant: conversion.significant,
            }
          : null,
        revenueVsControl: revenue,
      });
    }
    const best = bestVariant(
      rows.slice(1).map((r) => ({ arm: r.arm, conversion: r.conversionVsControl, revenue: r.revenueVsControl })),
    );
    return {
      experimentId: id.toHexString(),
      asOf: now.toISOString(),
      ...(windowEnd ? { windowEndsAt: windowEnd.toISOString() } : {}),
      windowClosed: windowEnd !== undefined && windowEnd <= now,
      arms: rows,
      best,
    };
  }

  private figuresOf(members: string[], buyers: Set<string>, spend: Map<string, number>) {
    return {
      converted: members.filter((m) => buyers.has(m)).length,
      revenue: members.map((m) => spend.get(m) ?? 0),
    };
  }

  private async redeemed(
    experiment: LeanExperiment,
    kind: 'coupon' | 'points' | 'message',
    members: string[],
    pointsSpenders: Set<string>,
  ): Promise<number | null> {
    if (kind === 'message') return null;
    if (kind === 'points') return members.filter((m) => pointsSpenders.has(m)).length;
    const prefix = `experiment:${experiment._id.toHexString()}:`;
    let used = 0;
    for (let i = 0; i < members.length; i += 1000)
      used += (await this.coupons.usedByIssueKeys(members.slice(i, i + 1000).map((m) => prefix + m))).length;
    return used;
  }
}

function rate(count: number, of: number): number {
  return of === 0 ? 0 : count / of;
}

function mean(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((s, v) => s + v, 0) / values.length;
}
