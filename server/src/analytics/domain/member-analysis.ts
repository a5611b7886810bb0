import type { AnalyticsSettings, ChurnRiskView, MemberStage, RfmView } from '@memberloop/shared';
import { churnRisk } from './churn-risk';
import { lifecycleBoundaries, lifecycleStageOf } from './lifecycle';
import { monthsBefore } from './calendar';
import { rfmRawOf, type FactsWindow, type MemberFacts } from './member-facts';
import { rfmScores, type RfmModel } from './rfm-scoring';
import { rfmSegment } from './rfm-segments';

export interface MemberAnalysis {
  stage: MemberStage;
  /** Null for members who never bought, or before the first full recompute fitted a model. */
  rfm: RfmView | null;
  churn: ChurnRiskView | null;
}

/** Everything the analytics say about one member as of a day, from their folded purchases. */
export function analyseMember(
  facts: MemberFacts | null,
  asOfDay: number,
  settings: AnalyticsSettings,
  model: RfmModel | null,
): MemberAnalysis {
  const stage = lifecycleStageOf(facts, lifecycleBoundaries(asOfDay, settings.lifecycle.windowMonths));
  if (!facts) return { stage, rfm: null, churn: null };
  let rfm: RfmView | null = null;
  if (model) {
    const raw = rfmRawOf(facts, asOfDay);
    const scores = rfmScores(raw, model);
    rfm = { ...raw, ...scores, segment: rfmSegment(scores, model.bins, settings.rfm.segmentGrid) };
  }
  return { stage, rfm, churn: churnRisk(facts, asOfDay, settings.churn) };
}

/** The windows a member's purchases are folded over, as of a day. */
export function factsWindowFor(asOfDay: number, settings: AnalyticsSettings): FactsWindow {
  return {
    asOfDay,
    activeFrom: lifecycleBoundaries(asOfDay, settings.lifecycle.windowMonths).activeFrom,
    lookbackFrom: settings.rfm.lookbackMonths === null ? null : monthsBefore(asOfDay, settings.rfm.lookbackMonths),
  };
}
