import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { CatalogueRowErrorCode } from '@memberloop/shared';
import { SchemaTypes, Types } from 'mongoose';

/**
 * A CSV import of the catalogue and its progress, so any process reads the status. The file's text stays until the
 * import is done, so that when the server running it stops, another picks it up where it was (`leaseUntil`: the
 * runner renews it after every batch; a lapsed lease is taken over by the catalogue-imports job).
 */
@Schema({ collection: 'product_imports', versionKey: false })
export class ProductImport {
  @Prop({ required: true }) fileName!: string;
  @Prop({ required: true }) bytes!: number;
  @Prop({ required: true }) sha256!: string;
  /** The file's text, until the import is done. */
  @Prop() csv?: string;
  @Prop({ type: Object, required: true }) actor!: { id: string; role: string };
  @Prop({ type: String, required: true }) status!: 'running' | 'done';
  @Prop({ required: true }) total!: number;
  @Prop({ required: true, default: 0 }) processed!: number;
  @Prop({ required: true, default: 0 }) created!: number;
  @Prop({ required: true, default: 0 }) updated!: number;
  @Prop({ required: true, default: 0 }) unchanged!: number;
  @Prop({ required: true, default: 0 }) failed!: number;
  @Prop({ required: true, default: 0 }) errorCount!: number;
  @Prop({ required: true }) startedAt!: Date;
  @Prop() finishedAt?: Date;
  /** Who runs it now, until when. */
  @Prop() worker?: string;
  @Prop() leaseUntil?: Date;
}

export const ProductImportSchema = SchemaFactory.createForClass(ProductImport);
ProductImportSchema.index({ status: 1, leaseUntil: 1 });
ProductImportSchema.index({ startedAt: -1 });

/** One problem of one row of an import (a row may have several), written with the batch that read it. */
@Schema({ collection: 'product_import_errors', versionKey: false })
export class ProductImportError {
  @Prop({ type: SchemaTypes.ObjectId, required: true }) importId!: Types.ObjectId;
  @Prop({ required: true }) row!: number;
  @Prop() sku?: string;
  @Prop({ required: true }) field!: string;
  @Prop({ type: String, required: true }) code!: CatalogueRowErrorCode;
  @Prop({ required: true }) message!: string;
}

export const ProductImportErrorSchema = SchemaFactory.createForClass(ProductImportError);
ProductImportErrorSchema.index({ importId: 1, row: 1 });
