import type { ExperimentInput, LifecycleStage } from '@memberloop/shared';

export type VariantKind = 'coupon' | 'points' | 'message';

/** A variant as the form holds it: text fields as typed. */
export interface VariantDraft {
  name: string;
  kind: VariantKind;
  templateId: string;
  points: string;
  message: string;
  percent: string;
}

export interface ExperimentDraft {
  name: string;
  stages: LifecycleStage[];
  samplePercent: string;
  variants: VariantDraft[];
  controlPercent: string;
  attributionDays: string;
}

export function emptyVariant(percent: string): VariantDraft {
  return { name: '', kind: 'coupon', templateId: '', points: '', message: '', percent };
}

export function emptyExperiment(): ExperimentDraft {
  return {
    name: '',
    stages: [],
    samplePercent: '100',
    variants: [emptyVariant('40'), emptyVariant('40')],
    controlPercent: '20',
    attributionDays: '14',
  };
}

const whole = (text: string): number => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN);

/** The sizes typed so far added up (blank or not-a-number fields count as 0). */
export function sizesTotal(draft: ExperimentDraft): number {
  return [...draft.variants.map((v) => v.percent), draft.controlPercent].reduce((sum, p) => sum + (whole(p) || 0), 0);
}

/** What the form sends: the contract's input (the contract then names each field at fault). */
export function experimentInput(draft: ExperimentDraft): ExperimentInput {
  return {
    name: draft.name,
    audience: draft.stages.length ? { stages: draft.stages } : ({} as ExperimentInput['audience']),
    samplePercent: whole(draft.samplePercent),
    variants: draft.variants.map((v) => ({
      name: v.name,
      percent: whole(v.percent),
      message: v.message,
      reward:
        v.kind === 'coupon'
          ? { kind: 'coupon', templateId: v.templateId }
          : v.kind === 'points'
            ? { kind: 'points', points: whole(v.points) }
            : { kind: 'message' },
    })),
    controlPercent: whole(draft.controlPercent),
    attributionDays: whole(draft.attributionDays),
  };
}

/** A share as people read it: 12.5%. */
export function percentText(rate: number): string {
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/** A difference of rates in percentage points, signed: +2.0 个百分点. */
export function pointsText(difference: number): string {
  const value = Math.round(difference * 1000) / 10;
  return `${value > 0 ? '+' : ''}${value.toFixed(1)} 个百分点`;
}

/** Fen as yuan with a sign when asked: ¥12.30, +¥5.00. */
export function yuanText(fen: number, signed = false): string {
  const sign = fen < 0 ? '-' : signed && fen > 0 ? '+' : '';
  return `${sign}¥${(Math.abs(Math.round(fen)) / 100).toFixed(2)}`;
}
