import { createHash, randomBytes } from 'node:crypto';
import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import { CATALOGUE_IMPORT_ERRORS_SHOWN, type CatalogueRowError, type ProductImportView } from '@memberloop/shared';
import { Connection, Model, Types } from 'mongoose';
import { AuditLogService, type AuditActor } from '../audit';
import { Clock } from '../common/clock/clock';
import { toCsv } from '../common/csv/csv';
import { AppError } from '../common/errors/app-error';
import { runInTransaction } from '../database/transactions';
import { JobRegistry } from '../jobs/job-registry';
import type { LeanProduct } from './catalogue.service';
import { CatalogueFileError, checkCatalogueFile, type CatalogueRow, type CheckedRow } from './domain/catalogue-csv';
import { ProductImport, ProductImportError } from './schemas/product-import.schema';
import { StoredProduct } from './schemas/product.schema';

/** Rows written per transaction: progress moves a batch at a time. */
const BATCH_ROWS = 200;
/** How long a runner's claim on an import lasts without a finished batch before another process may take it over. */
const LEASE_MS = 2 * 60_000;
/** The imports the status list shows. */
const LISTED_IMPORTS = 20;

type LeanImport = ProductImport & { _id: Types.ObjectId };

/** Another runner took the import over (this one stalled past its lease): it stops without writing. */
class LeaseLost extends Error {}

/**
 * Catalogue imports from CSV: the file is checked at once (a wrong header is refused before anything is stored),
 * then its rows are written in the background, a batch per transaction that also moves the import's counters, so
 * the status read from any process is exact, a bad row never stops the others, and a re-import of the same file
 * finds every row unchanged. When the server running an import stops, the catalogue-imports job of any process
 * takes it over where the last batch ended.
 */
@Injectable()
export class CatalogueImportService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Catalogue');
  /** This process, as the holder of an import's lease. */
  private readonly worker = randomBytes(8).toString('hex');
  private readonly running = new Map<string, Promise<void>>();
  private stopping = false;

  constructor(
    @InjectConnection() private readonly connection: Connection,
    @InjectModel(StoredProduct.name) private readonly products: Model<StoredProduct>,
    @InjectModel(ProductImport.name) private readonly imports: Model<ProductImport>,
    @InjectModel(ProductImportError.name) private readonly errors: Model<ProductImportError>,
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
    private readonly jobs: JobRegistry,
  ) {}

  async onModuleInit(): Promise<void> {
    // The batches write to all three in transactions, which may not create a collection.
    await Promise.all([this.products.init(), this.imports.init(), this.errors.init()]);
    this.jobs.register({ name: 'catalogue-imports', period: 'minute', leaseMs: 5 * 60_000, work: () => this.resumeStale() });
  }

  /** Stops between batches and waits for the batch in flight; the lease lapses and another process carries on. */
  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.running.values()]);
  }

  async start(actor: AuditActor, fileName: string, bytes: Buffer): Promise<ProductImportView> {
    let rows: CheckedRow[];
    try {
      rows = checkCatalogueFile(bytes);
    } catch (error) {
      if (error instanceof CatalogueFileError)
        throw new AppError('VALIDATION_FAILED', error.message, {
          ...error.details,
          issues: [{ path: 'file', message: error.message }],
        });
      throw error;
    }
    const now = this.clock.now();
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const created = await runInTransaction(this.connection, async (session) => {
      const [doc] = await this.imports.create(
        [
          {
            fileName,
            bytes: bytes.length,
            sha256,
            csv: new TextDecoder().decode(bytes),
            actor,
            status: 'running',
            total: rows.length,
            startedAt: now,
            worker: this.worker,
            leaseUntil: new Date(now.getTime() + LEASE_MS),
          },
        ],
        { session },
      );
      await this.audit.record(
        {
          actor,
          action: 'catalogue.import',
          target: { type: 'product-import', id: doc._id.toHexString() },
          details: { fileName, bytes: bytes.length, sha256, rows: rows.length },
        },
        session,
      );
      return doc.toObject() as LeanImport;
    });
    void this.launch(created._id);
    return this.view(created, []);
  }

  async status(importId: Types.ObjectId): Promise<ProductImportView> {
    const doc = await this.find(importId);
    const errors = await this.errors
      .find({ importId }, { _id: 0, importId: 0 })
      .sort({ row: 1, _id: 1 })
      .limit(CATALOGUE_IMPORT_ERRORS_SHOWN)
      .lean<CatalogueRowError[]>();
    return this.view(doc, errors);
  }

  async latest(): Promise<ProductImportView[]> {
    const docs = await this.imports
      .find({}, { csv: 0 })
      .sort({ startedAt: -1, _id: -1 })
      .limit(LISTED_IMPORTS)
      .lean<LeanImport[]>();
    return docs.map((doc) => this.view(doc, []));
  }

  /** The whole error report, by row. */
  async errorsCsv(importId: Types.ObjectId): Promise<string> {
    await this.find(importId);
    const errors = await this.errors.find({ importId }).sort({ row: 1, _id: 1 }).lean<CatalogueRowError[]>();
    return toCsv(
      ['row', 'sku', 'field', 'code', 'message'],
      errors.map((e) => [e.row, e.sku ?? '', e.field, e.code, e.message]),
    );
  }

  /** The catalogue-imports job: takes over imports whose runner stopped (its lease lapsed) and finishes them. */
  async resumeStale(): Promise<Record<string, number>> {
    const now = this.clock.now();
    const stale = await this.imports
      .find({ status: 'running', leaseUntil: { $lt: now } }, { _id: 1 })
      .sort({ startedAt: 1 })
      .limit(5)
      .lean<Array<{ _id: Types.ObjectId }>>();
    let resumed = 0;
    for (const { _id } of stale) {
      const taken = await this.imports.updateOne(
        { _id, status: 'running', leaseUntil: { $lt: now } },
        { $set: { worker: this.worker, leaseUntil: new Date(now.getTime() + LEASE_MS) } },
      );
      if (taken.modifiedCount !== 1) continue;
      resumed += 1;
      await this.launch(_id);
    }
    return { resumed };
  }

  /** Runs an import this process holds the lease of, once at a time per import. */
  private launch(importId: Types.ObjectId): Promise<void> {
    const key = importId.toHexString();
    const already = this.running.get(key);
    if (already) return already;
    const run = this.run(importId)
      .catch((error: unknown) => this.logger.error({ err: error, importId: key }, 'catalogue import stopped; the job resumes it'))
      .finally(() => this.running.delete(key));
    this.running.set(key, run);
    return run;
  }

  private async run(importId: Types.ObjectId): Promise<void> {
    const doc = await this.imports.findOne({ _id: importId, status: 'running', worker: this.worker }).lean<LeanImport>();
    if (!doc || doc.csv === undefined) return;
    // The file was checked when it came in: the same checks give the same rows, batch by batch.
    const rows = checkCatalogueFile(Buffer.from(doc.csv, 'utf8'));
    let processed = doc.processed;
    while (processed < rows.length) {
      if (this.stopping) return;
      const batch = rows.slice(processed, processed + BATCH_ROWS);
      if (!(await this.applyBatch(importId, processed, batch))) return;
      processed += batch.length;
      // Requests go first between batches.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await this.finish(importId);
  }

  /** Writes one batch and moves the counters in one transaction; false when the lease went to another runner. */
  private async applyBatch(importId: Types.ObjectId, from: number, batch: CheckedRow[]): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      try {
        await runInTransaction(this.connection, async (session) => {
          const valid = batch.flatMap((r) => (r.product ? [r.product] : []));
          const existing = new Map(
            (await this.products.find({ sku: { $in: valid.map((p) => p.sku) } }, null, { session }).lean<LeanProduct[]>()).map(
              (p) => [p.sku, p],
            ),
          );
          const now = this.clock.now();
          const counts = { created: 0, updated: 0, unchanged: 0 };
          const ops: Array<Record<string, unknown>> = [];
          for (const row of valid) {
            const current = existing.get(row.sku);
            if (!current) {
              counts.created += 1;
              ops.push({
                insertOne: { document: { ...fieldsOf(row), status: row.status ?? 'active', createdAt: now, updatedAt: now } },
              });
              continue;
            }
            const change = changeOf(current, row);
            if (!change) {
              counts.unchanged += 1;
              continue;
            }
            counts.updated += 1;
            ops.push({
              updateOne: { filter: { _id: current._id }, update: { ...change, $set: { ...change.$set, updatedAt: now } } },
            });
          }
          if (ops.length > 0) await this.products.bulkWrite(ops as never, { session, ordered: true });
          const errors = batch.flatMap((r) => r.errors ?? []);
          if (errors.length > 0)
            await this.errors.insertMany(
              errors.map((e) => ({ importId, ...e })),
              { session },
            );
          const moved = await this.imports.updateOne(
            { _id: importId, status: 'running', worker: this.worker, processed: from },
            {
              $inc: {
                processed: batch.length,
                ...counts,
                failed: batch.filter((r) => r.errors).length,
                errorCount: errors.length,
              },
              $set: { leaseUntil: new Date(now.getTime() + LEASE_MS) },
            },
            { session },
          );
          if (moved.matchedCount !== 1) throw new LeaseLost();
        });
        return true;
      } catch (error) {
        if (error instanceof LeaseLost) return false;
        // A product of the batch was added by hand meanwhile: read again and write it as a change.
        if ((error as { code?: number }).code === 11000 && attempt < 3) continue;
        throw error;
      }
    }
  }

  private async finish(importId: Types.ObjectId): Promise<void> {
    await runInTransaction(this.connection, async (session) => {
      const doc = await this.imports
        .findOneAndUpdate(
          { _id: importId, status: 'running', worker: this.worker },
          { $set: { status: 'done', finishedAt: this.clock.now() }, $unset: { csv: 1, worker: 1, leaseUntil: 1 } },
          { session, returnDocument: 'after', projection: { csv: 0 } },
        )
        .lean<LeanImport>();
      if (!doc) return;
      await this.audit.record(
        {
          actor: doc.actor,
          action: 'catalogue.import-done',
          target: { type: 'product-import', id: importId.toHexString() },
          details: {
            fileName: doc.fileName,
            total: doc.total,
            created: doc.created,
            updated: doc.updated,
            unchanged: doc.unchanged,
            failed: doc.failed,
          },
        },
        session,
      );
    });
  }

  private async find(importId: Types.ObjectId): Promise<LeanImport> {
    const doc = await this.imports.findById(importId, { csv: 0 }).lean<LeanImport>();
    if (!doc) throw new AppError('NOT_FOUND', '没有这次导入', { importId: importId.toHexString() });
    return doc;
  }

  private view(doc: LeanImport, errors: CatalogueRowError[]): ProductImportView {
    return {
      id: doc._id.toHexString(),
      status: doc.status,
      fileName: doc.fileName,
      total: doc.total,
      processed: doc.processed,
      created: doc.created,
      updated: doc.updated,
      unchanged: doc.unchanged,
      failed: doc.failed,
      errors,
      errorCount: doc.errorCount,
      startedAt: doc.startedAt.toISOString(),
      ...(doc.finishedAt ? { finishedAt: doc.finishedAt.toISOString() } : {}),
    };
  }
}

function fieldsOf(row: CatalogueRow) {
  return {
    sku: row.sku,
    name: row.name,
    category: row.category,
    ...(row.imageUrl ? { imageUrl: row.imageUrl } : {}),
    priceFen: row.priceFen,
  };
}

/** What the row changes of the product (an empty picture cell removes the picture), or null when nothing. */
function changeOf(current: LeanProduct, row: CatalogueRow): { $set: Record<string, unknown>; $unset?: { imageUrl: 1 } } | null {
  const $set: Record<string, unknown> = {};
  if (current.name !== row.name) $set.name = row.name;
  if (current.category !== row.category) $set.category = row.category;
  if (current.priceFen !== row.priceFen) $set.priceFen = row.priceFen;
  if (row.status && current.status !== row.status) $set.status = row.status;
  if (row.imageUrl && current.imageUrl !== row.imageUrl) $set.imageUrl = row.imageUrl;
  const removeImage = !row.imageUrl && current.imageUrl !== undefined;
  if (Object.keys($set).length === 0 && !removeImage) return null;
  return { $set, ...(removeImage ? { $unset: { imageUrl: 1 as const } } : {}) };
}
