import type { NpsFigures } from '@memberloop/shared';

export type NpsClass = 'promoter' | 'passive' | 'detractor';

/** 9–10 promote, 7–8 are passive, 0–6 detract. */
export function npsClassOf(score: number): NpsClass {
  if (score >= 9) return 'promoter';
  if (score >= 7) return 'passive';
  return 'detractor';
}

export function isDetractor(score: number): boolean {
  return npsClassOf(score) === 'detractor';
}

/** NPS = % promoters − % detractors (one decimal), with the counts; no answers → a null score. */
export function npsOf(scores: readonly number[]): NpsFigures {
  let promoters = 0;
  let passives = 0;
  let detractors = 0;
  for (const s of scores) {
    const c = npsClassOf(s);
    if (c === 'promoter') promoters++;
    else if (c === 'passive') passives++;
    else detractors++;
  }
  const total = scores.length;
  const score = total === 0 ? null : Math.round(((promoters - detractors) * 1000) / total) / 10;
  return { score, promoters, passives, detractors, total };
}

/** NPS per group (tier, store, stage, week), groups in key order. */
export function npsBy<T>(
  rows: readonly T[],
  keyOf: (row: T) => string,
  scoreOf: (row: T) => number,
): Array<NpsFigures & { key: string }> {
  const groups = new Map<string, number[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const list = groups.get(key) ?? [];
    list.push(scoreOf(row));
    groups.set(key, list);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, scores]) => ({ key, ...npsOf(scores) }));
}

/** The ISO 8601 week (`2026-W01`) of a calendar day `YYYY-MM-DD` (the brand's day: Beijing time). */
export function isoWeekOf(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const year = date.getUTCFullYear();
  const week = Math.ceil(((date.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}
