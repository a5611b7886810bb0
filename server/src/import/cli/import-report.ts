import { describeSource } from '../order-records';
import type { OrderImportSummary } from '../order-import.service';

const SHOWN_REJECTIONS = 50;
const n = (value: number) => value.toLocaleString('en-US');

/** The summary of an import as people read it. */
export function formatImportSummary(summary: OrderImportSummary): string {
  const lines = [
    `  records read:   ${n(summary.records)}`,
    `  purchases:      ${n(summary.purchases.imported)} imported, ${n(summary.purchases.alreadyPresent)} already present`,
    `  refunds:        ${n(summary.refunds.imported)} imported, ${n(summary.refunds.alreadyPresent)} already present`,
    `  points expired: ${n(summary.pointsExpired)} (the daily expiry job, run at each business day of the history)`,
    `  rejected:       ${n(summary.rejected.length)}${summary.rejected.length > 0 ? ' (nothing of them was written)' : ''}`,
  ];
  for (const rejected of summary.rejected.slice(0, SHOWN_REJECTIONS)) {
    lines.push(`    ${describeSource(rejected)}${rejected.id ? ` (${rejected.id})` : ''}: ${rejected.reason}`);
  }
  if (summary.rejected.length > SHOWN_REJECTIONS) lines.push(`    … and ${n(summary.rejected.length - SHOWN_REJECTIONS)} more`);
  if (summary.interrupted)
    lines.push('  interrupted: run the same command again to finish (records already imported are skipped)');
  return lines.join('\n');
}
