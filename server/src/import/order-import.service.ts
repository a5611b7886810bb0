import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { appConfig, type AppConfig } from '../config/app-config';
import { MembersService, type MemberReference } from '../members';
import { businessDay, startOfBusinessDay } from '../points';
import { PointsLedgerService } from '../points';
import { PurchaseIngestService } from '../purchases';
import { RefundIngestService } from '../purchases';
import { PurchaseStore } from '../purchases';
import { HistoricalClock } from './historical-clock';
import { runKeyedInOrder } from './keyed-pool';
import { occurredAt, type ImportRecord, type RejectedRecord, type SourceItem } from './order-records';

export interface OrderImportOptions {
  /** Recorded on every purchase as the system that reported it (e.g. the POS export's name). */
  integrationId: string;
  /** How many records are applied at once (one member's records are always applied one at a time). */
  concurrency?: number;
  /**
   * Run the points-expiry job at the start of each business day of the history that has records, as a
   * daily job would have (default true). Like the live job it expires every due lot in the database.
   */
  expirePoints?: boolean;
  onProgress?: (done: number, total: number) => void;
  /** Stops starting new records; what is running finishes, and the summary says it was interrupted. */
  signal?: AbortSignal;
}

export interface ImportCounts {
  imported: number;
  alreadyPresent: number;
}

export interface OrderImportSummary {
  /** Records read, valid or not. */
  records: number;
  purchases: ImportCounts;
  refunds: ImportCounts;
  /** In input order. Nothing of a rejected record was written. */
  rejected: RejectedRecord[];
  pointsExpired: number;
  interrupted: boolean;
}

const DEFAULT_CONCURRENCY = 8;
const LOOKUP_BATCH = 1000;

/** A record with what the import needs to schedule it. */
interface Scheduled {
  record: ImportRecord;
  at: Date;
  /** Records with the same key (the member) are applied one after another, in time order. */
  key: string;
}

/**
 * Imports historical purchases and refunds through the live ingest path (same earning, idempotency and
 * tier rules), each at its own time on the HistoricalClock: in time order, several members at once, one
 * member's records strictly in order. Re-importing the same records changes nothing.
 */
@Injectable()
export class OrderImportService {
  constructor(
    private readonly purchaseIngest: PurchaseIngestService,
    private readonly refundIngest: RefundIngestService,
    private readonly members: MembersService,
    private readonly ledger: PointsLedgerService,
    private readonly purchases: PurchaseStore,
    private readonly clock: HistoricalClock,
    appClock: Clock,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {
    // Without it the services would apply a year-old order as if it happened today: refuse instead.
    if (appClock !== clock) {
      throw new Error('OrderImportService needs the HistoricalClockModule to provide the application Clock.');
    }
  }

  async importRecords(
    source: AsyncIterable<SourceItem> | Iterable<SourceItem>,
    options: OrderImportOptions,
  ): Promise<OrderImportSummary> {
    const summary: OrderImportSummary = {
      records: 0,
      purchases: { imported: 0, alreadyPresent: 0 },
      refunds: { imported: 0, alreadyPresent: 0 },
      rejected: [],
      pointsExpired: 0,
      interrupted: false,
    };
    const records: ImportRecord[] = [];
    for await (const item of source) {
      summary.records += 1;
      if ('rejected' in item) summary.rejected.push(item.rejected);
      else records.push(item.record);
    }

    const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    const scheduled = await this.schedule(records, concurrency);
    let done = 0;
    options.onProgress?.(0, scheduled.length);
    for (const day of this.byBusinessDay(scheduled)) {
      if (options.signal?.aborted) break;
      if (options.expirePoints ?? true)
        summary.pointsExpired += await this.expireDueLotsAt(startOfBusinessDay(day[0].at, this.tz));
      await runKeyedInOrder(
        day,
        (item) => item.key,
        concurrency,
        async (item) => {
          const outcome = await this.apply(item, options.integrationId);
          const counts = item.record.kind === 'purchase' ? summary.purchases : summary.refunds;
          if (outcome === 'imported') counts.imported += 1;
          else if (outcome === 'alreadyPresent') counts.alreadyPresent += 1;
          else summary.rejected.push(outcome.rejected);
          done += 1;
          options.onProgress?.(done, scheduled.length);
        },
        options.signal,
      );
    }
    summary.interrupted = done < scheduled.length;
    summary.rejected.sort((a, b) => a.line - b.line);
    return summary;
  }

  private get tz(): string {
    return this.config.brand.timeZone;
  }

  /** Applies one record at its own time; an expected failure (unknown member, reused orderId…) rejects it. */
  private async apply(
    item: Scheduled,
    integrationId: string,
  ): Promise<'imported' | 'alreadyPresent' | { rejected: RejectedRecord }> {
    const { record } = item;
    try {
      return await this.clock.runAt(item.at, async () => {
        const result =
          record.kind === 'purchase'
            ? await this.purchaseIngest.ingest(integrationId, record.request)
            : await this.refundIngest.ingest(integrationId, record.request);
        return result.replayed ? 'alreadyPresent' : 'imported';
      });
    } catch (error) {
      // Anything else (the database went away) stops the import: a re-run picks up where it stopped.
      if (!(error instanceof AppError)) throw error;
      const id = record.kind === 'purchase' ? record.request.orderId : record.request.refundId;
      return { rejected: { ...record.source, id, reason: `${error.code}: ${error.message}` } };
    }
  }

  /** Runs the expiry job as it would have run at `at`; returns the points it expired. */
  private async expireDueLotsAt(at: Date): Promise<number> {
    return this.clock.runAt(at, async () => {
      let expired = 0;
      for (let batch = await this.ledger.expireDueLots(); batch > 0; batch = await this.ledger.expireDueLots()) expired += batch;
      return expired;
    });
  }

  /** Time order (a purchase before a refund at the same instant), keyed by the member each record is about. */
  private async schedule(records: ImportRecord[], concurrency: number): Promise<Scheduled[]> {
    const memberKeys = await this.memberKeysByReference(records, concurrency);
    const orderKeys = new Map<string, string>();
    for (const record of records) {
      if (record.kind === 'purchase' && !orderKeys.has(record.request.orderId)) {
        orderKeys.set(record.request.orderId, memberKeys.get(referenceKey(record.request.member)) as string);
      }
    }
    await this.addKeysOfKnownOrders(
      records.flatMap((r) => (r.kind === 'refund' && !orderKeys.has(r.request.orderId) ? [r.request.orderId] : [])),
      orderKeys,
    );
    const scheduled = records.map((record) => ({
      record,
      at: occurredAt(record),
      key:
        record.kind === 'purchase'
          ? (memberKeys.get(referenceKey(record.request.member)) as string)
          : (orderKeys.get(record.request.orderId) ?? `order:${record.request.orderId}`),
    }));
    const rank = (s: Scheduled) => (s.record.kind === 'purchase' ? 0 : 1);
    return scheduled.sort(
      (a, b) => a.at.getTime() - b.at.getTime() || rank(a) - rank(b) || a.record.source.line - b.record.source.line,
    );
  }

  /**
   * The member each distinct reference names, so that a member's records are serialised even when some
   * name them by phone and others by card. A reference that names no one keeps its own key: the ingest
   * will reject its records with the same answer the API would give.
   */
  private async memberKeysByReference(records: ImportRecord[], concurrency: number): Promise<Map<string, string>> {
    const references = new Map<string, MemberReference>();
    for (const record of records)
      if (record.kind === 'purchase') references.set(referenceKey(record.request.member), record.request.member);
    const keys = new Map<string, string>();
    await runKeyedInOrder(
      [...references.keys()],
      (k) => k,
      concurrency,
      async (key) => {
        try {
          const member = await this.members.resolve(references.get(key) as MemberReference);
          keys.set(key, member ? `member:${member._id.toHexString()}` : `reference:${key}`);
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          keys.set(key, `reference:${key}`);
        }
      },
    );
    return keys;
  }

  /** Refunds of orders imported earlier: keyed by the member of the order on record. */
  private async addKeysOfKnownOrders(orderIds: string[], keys: Map<string, string>): Promise<void> {
    const unique = [...new Set(orderIds)];
    for (let i = 0; i < unique.length; i += LOOKUP_BATCH) {
      const known = await this.purchases.buyersOfOrders(unique.slice(i, i + LOOKUP_BATCH));
      for (const purchase of known) keys.set(purchase.orderId, `member:${purchase.memberId.toHexString()}`);
    }
  }

  /** Consecutive runs of records on the same business day (the expiry job runs between them). */
  private *byBusinessDay(scheduled: Scheduled[]): Generator<Scheduled[]> {
    let start = 0;
    let day = scheduled.length > 0 ? businessDay(scheduled[0].at, this.tz) : '';
    for (let i = 1; i <= scheduled.length; i++) {
      const next = i < scheduled.length ? businessDay(scheduled[i].at, this.tz) : undefined;
      if (next !== day) {
        yield scheduled.slice(start, i);
        start = i;
        day = next ?? '';
      }
    }
  }
}

function referenceKey(reference: MemberReference): string {
  return JSON.stringify(reference);
}
