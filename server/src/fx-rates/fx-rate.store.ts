import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { rateText, type FxRate, type FxRatesUpload, type FxRatesUploadResult, rateMicrosOf } from '@memberloop/shared';
import { Model } from 'mongoose';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { FxRateRecord } from './schemas/fx-rate.schema';

/** The rate a purchase was converted at: kept with the purchase, so its refunds convert the same way. */
export interface AppliedRate {
  currency: string;
  rateMicros: number;
  validFrom: Date;
}

const LIST_LIMIT = 500;

/** The exchange-rate table: HQ's and the rates feed's uploads, and the rate valid at a moment for purchases. */
@Injectable()
export class FxRateStore implements OnModuleInit {
  constructor(
    @InjectModel(FxRateRecord.name) private readonly rates: Model<FxRateRecord>,
    private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.rates.init();
  }

  /** The rate of `currency` valid at `at` (the latest from at or before it); FX_RATE_MISSING when there is none. */
  async rateAt(currency: string, at: Date): Promise<AppliedRate> {
    const rate = await this.rates
      .findOne({ currency, validFrom: { $lte: at } })
      .sort({ validFrom: -1 })
      .lean();
    if (!rate) {
      throw new AppError('FX_RATE_MISSING', `No ${currency} exchange rate is valid at ${at.toISOString()}: add one first.`, {
        currency,
        at: at.toISOString(),
      });
    }
    return { currency, rateMicros: rate.rateMicros, validFrom: rate.validFrom };
  }

  /**
   * Adds the rates the table does not hold. A rate it holds with the same value is left (a retried upload); with a
   * different value the whole upload is refused before anything is written (FX_RATE_CONFLICT), since earnings may
   * already name it. A rate inserted by a concurrent upload is judged the same way.
   */
  async upload(source: string, upload: FxRatesUpload): Promise<FxRatesUploadResult> {
    const wanted = upload.rates.map((r) => ({
      currency: r.currency,
      validFrom: new Date(r.validFrom),
      rateMicros: rateMicrosOf(r.rate) as number,
    }));
    const held = await this.rates.find({ $or: wanted.map(({ currency, validFrom }) => ({ currency, validFrom })) }).lean();
    const heldOf = (w: (typeof wanted)[number]) =>
      held.find((h) => h.currency === w.currency && h.validFrom.getTime() === w.validFrom.getTime());
    const conflicts = wanted.filter((w) => {
      const h = heldOf(w);
      return h !== undefined && h.rateMicros !== w.rateMicros;
    });
    if (conflicts.length > 0) throw conflictError(conflicts, held);
    const fresh = wanted.filter((w) => heldOf(w) === undefined);
    const now = this.clock.now();
    let added = 0;
    for (const rate of fresh) {
      try {
        await this.rates.create({ ...rate, source, createdAt: now });
        added += 1;
      } catch (error) {
        if ((error as { code?: number }).code !== 11000) throw error;
        // Another upload stored it meanwhile: the same value is fine, another one is a conflict.
        const other = await this.rates.findOne({ currency: rate.currency, validFrom: rate.validFrom }).lean();
        if (other && other.rateMicros !== rate.rateMicros) throw conflictError([rate], [other]);
      }
    }
    return { added, unchanged: wanted.length - added };
  }

  async list(currency?: string): Promise<FxRate[]> {
    const rates = await this.rates
      .find(currency ? { currency } : {})
      .sort({ validFrom: -1, currency: 1 })
      .limit(LIST_LIMIT)
      .lean();
    return rates.map((r) => ({
      currency: r.currency,
      rate: rateText(r.rateMicros),
      validFrom: r.validFrom.toISOString(),
      source: r.source,
    }));
  }
}

function conflictError(
  conflicts: Array<{ currency: string; validFrom: Date; rateMicros: number }>,
  held: Array<{ currency: string; validFrom: Date; rateMicros: number }>,
): AppError {
  return new AppError('FX_RATE_CONFLICT', 'The table already holds another rate for these currencies and moments.', {
    conflicts: conflicts.map((c) => {
      const h = held.find((x) => x.currency === c.currency && x.validFrom.getTime() === c.validFrom.getTime());
      return {
        currency: c.currency,
        validFrom: c.validFrom.toISOString(),
        held: h ? rateText(h.rateMicros) : undefined,
        sent: rateText(c.rateMicros),
      };
    }),
  });
}
