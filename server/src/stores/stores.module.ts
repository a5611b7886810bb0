import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { MongooseModule } from '@nestjs/mongoose';
import { appConfig } from '../config/app-config';
import { CouponsModule } from '../coupons';
import { MembersModule } from '../members';
import { NearbyStoresService } from './nearby-stores.service';
import { GeoOffer, GeoOfferClaim, GeoOfferClaimSchema, GeoOfferSchema } from './schemas/geo-offer.schema';
import { StoredStore, StoredStoreSchema } from './schemas/store.schema';
import { StoreDirectory } from './store-directory.store';
import { StoreDirectoryService } from './store-directory.service';
import { NearbyStoresController, StoresController } from './stores.controller';

/** The store directory (GCJ-02 positions, 2dsphere index), HQ's store offers and the members' stores near them. */
@Module({
  imports: [
    ConfigModule.forFeature(appConfig),
    MongooseModule.forFeature([
      { name: StoredStore.name, schema: StoredStoreSchema },
      { name: GeoOffer.name, schema: GeoOfferSchema },
      { name: GeoOfferClaim.name, schema: GeoOfferClaimSchema },
    ]),
    CouponsModule,
    MembersModule,
  ],
  controllers: [StoresController, NearbyStoresController],
  providers: [StoreDirectoryService, NearbyStoresService, StoreDirectory],
  exports: [StoreDirectory],
})
export class StoresModule {}
