import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * One exchange rate of the brand's table: yuan per unit of `currency` as micro-yuan, valid from `validFrom` until
 * the next rate of that currency. History: a rate is never changed once stored, because earnings name the rate
 * they were converted at.
 */
@Schema({ collection: 'fx_rates', versionKey: false })
export class FxRateRecord {
  @Prop({ required: true }) currency!: string;
  @Prop({ required: true }) validFrom!: Date;
  @Prop({ required: true }) rateMicros!: number;
  /** `hq` or `integration:<id>`. */
  @Prop({ required: true }) source!: string;
  @Prop({ required: true }) createdAt!: Date;
}

export const FxRateSchema = SchemaFactory.createForClass(FxRateRecord);
// One rate per currency and moment; the lookup "latest at or before paidAt" walks this index backwards.
FxRateSchema.index({ currency: 1, validFrom: -1 }, { unique: true });
