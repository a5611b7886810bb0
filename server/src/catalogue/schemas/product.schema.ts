import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { PRODUCT_STATUSES, type ProductStatus } from '@memberloop/shared';

/**
 * A product of the catalogue, one per SKU (unique). Retired products stay (purchases and coupons name them) but are
 * shown to no member. `createdAt` and `updatedAt` come from the app's clock; an unchanged import row writes nothing.
 */
@Schema({ collection: 'products', versionKey: false })
export class StoredProduct {
  @Prop({ required: true }) sku!: string;
  @Prop({ required: true }) name!: string;
  @Prop({ required: true }) category!: string;
  @Prop() imageUrl?: string;
  @Prop({ required: true, min: 0 }) priceFen!: number;
  @Prop({ type: String, required: true, enum: PRODUCT_STATUSES, default: 'active' }) status!: ProductStatus;
  @Prop({ required: true }) createdAt!: Date;
  @Prop({ required: true }) updatedAt!: Date;
}

export const StoredProductSchema = SchemaFactory.createForClass(StoredProduct);
StoredProductSchema.index({ sku: 1 }, { unique: true });
StoredProductSchema.index({ category: 1 });
