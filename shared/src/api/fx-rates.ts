import { z } from 'zod';
import { CURRENCY_CODE, HOME_CURRENCY, RATE_TEXT } from '../rules/fx';
import { instant } from './dates';
import { defineEndpoint } from './endpoint';

/** One exchange rate: yuan per one unit of `currency`, valid from `validFrom` until the next one of that currency. */
export const FxRateInput = z
  .object({
    currency: z
      .string()
      .regex(CURRENCY_CODE, 'an ISO 4217 code such as HKD')
      .refine((c) => c !== HOME_CURRENCY, 'CNY purchases are never converted'),
    /** Yuan per unit, up to six decimals, as text so no float rounds it: "0.9213". */
    rate: z
      .string()
      .regex(RATE_TEXT, 'a rate above 0 with at most six decimals, e.g. "0.9213"')
      .refine((r) => !/^0(\.0*)?$/.test(r), 'above 0'),
    validFrom: instant,
  })
  .strict();
export type FxRateInput = z.infer<typeof FxRateInput>;

export const FxRatesUpload = z
  .object({ rates: z.array(FxRateInput).min(1).max(500) })
  .strict()
  .superRefine((upload, ctx) => {
    const seen = new Set<string>();
    upload.rates.forEach((r, i) => {
      const key = `${r.currency} ${new Date(r.validFrom).getTime()}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['rates', i], message: 'the same currency and validFrom twice' });
      seen.add(key);
    });
  });
export type FxRatesUpload = z.infer<typeof FxRatesUpload>;

export const FxRate = z.object({
  currency: z.string(),
  rate: z.string(),
  validFrom: z.string(),
  /** Who set it: `hq` or `integration:<id>`. */
  source: z.string(),
});
export type FxRate = z.infer<typeof FxRate>;

export const FxRatesUploadResult = z.object({
  /** Rates new to the table. */
  added: z.number().int(),
  /** Rates the table already held with the same value (a retried upload). */
  unchanged: z.number().int(),
});
export type FxRatesUploadResult = z.infer<typeof FxRatesUploadResult>;

export const uploadFxRates = defineEndpoint({
  method: 'POST',
  path: '/api/v1/hq/fx-rates',
  summary:
    'HQ adds exchange rates (history: a rate once used is never changed, so a different rate for a currency and validFrom already held is refused with FX_RATE_CONFLICT; the same one again is a no-op)',
  tag: 'hq',
  auth: 'hq',
  body: FxRatesUpload,
  successStatus: 200,
  response: FxRatesUploadResult,
});

export const pushFxRates = defineEndpoint({
  method: 'POST',
  path: '/api/v1/fx-rates',
  summary: 'An integration (a treasury or rates feed) pushes exchange rates (signed; same rules as HQ uploads)',
  tag: 'integrations',
  auth: 'integration',
  body: FxRatesUpload,
  successStatus: 200,
  response: FxRatesUploadResult,
});

export const FxRatesQuery = z.object({ currency: z.string().regex(CURRENCY_CODE).optional() }).strict();

export const listFxRates = defineEndpoint({
  method: 'GET',
  path: '/api/v1/hq/fx-rates',
  summary: 'The exchange-rate table, newest first (at most 500), optionally of one currency',
  tag: 'hq',
  auth: 'hq',
  query: FxRatesQuery,
  response: z.object({ rates: z.array(FxRate) }),
});
