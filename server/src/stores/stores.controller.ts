import { Controller, Headers } from '@nestjs/common';
import {
  claimGeoOffer,
  createGeoOffer,
  createStore,
  endGeoOffer,
  listStores,
  MemberPosition,
  nearbyStores,
  reactivateStore,
  retireStore,
  updateStore,
  type GeoOfferClaimResult,
  type GeoOfferView,
  type NearbyStores,
  type NewGeoOffer,
  NewStore,
  StoreChanges,
  type StoreView,
} from '@memberloop/shared';
import { Types } from 'mongoose';
import type { z } from 'zod';
import { CurrentPrincipal } from '../common/auth/access.guard';
import { memberIdOf, type Principal } from '../common/auth/principal';
import { ContractBody, ContractParams, ContractQuery, Endpoint } from '../common/contract';
import { Idempotent } from '../common/idempotency';
import { requireIdempotencyKey } from '../common/idempotency-key';
import { NearbyStoresService } from './nearby-stores.service';
import { StoreDirectoryService } from './store-directory.service';

/** HQ's store directory and store offers (HQ only: the access guard refuses managers and members). */
@Controller()
export class StoresController {
  constructor(private readonly directory: StoreDirectoryService) {}

  @Endpoint(listStores)
  async list(): Promise<{ stores: StoreView[] }> {
    return { stores: await this.directory.list() };
  }

  @Endpoint(createStore)
  create(@ContractBody() body: z.output<typeof NewStore>): Promise<StoreView> {
    return this.directory.create(body);
  }

  @Endpoint(updateStore)
  update(@ContractParams() params: { code: string }, @ContractBody() body: z.output<typeof StoreChanges>): Promise<StoreView> {
    return this.directory.update(params.code, body);
  }

  @Endpoint(retireStore)
  retire(@ContractParams() params: { code: string }): Promise<StoreView> {
    return this.directory.setStatus(params.code, 'retired');
  }

  @Endpoint(reactivateStore)
  reactivate(@ContractParams() params: { code: string }): Promise<StoreView> {
    return this.directory.setStatus(params.code, 'active');
  }

  @Endpoint(createGeoOffer)
  createOffer(
    @CurrentPrincipal() principal: Principal,
    @ContractParams() params: { code: string },
    @ContractBody() body: NewGeoOffer,
  ): Promise<GeoOfferView> {
    return this.directory.createOffer(memberIdOf(principal), params.code, body);
  }

  @Endpoint(endGeoOffer)
  endOffer(@ContractParams() params: { offerId: string }): Promise<GeoOfferView> {
    return this.directory.endOffer(new Types.ObjectId(params.offerId));
  }
}

/** The member's stores near them and the claim of a store's offer. */
@Controller()
export class NearbyStoresController {
  constructor(private readonly nearby: NearbyStoresService) {}

  @Endpoint(nearbyStores)
  list(@CurrentPrincipal() principal: Principal, @ContractQuery() query: { lng?: number; lat?: number }): Promise<NearbyStores> {
    const position =
      query.lng === undefined || query.lat === undefined ? undefined : MemberPosition.parse({ lng: query.lng, lat: query.lat });
    return this.nearby.nearby(memberIdOf(principal), position);
  }

  @Endpoint(claimGeoOffer)
  @Idempotent('claims')
  claim(
    @CurrentPrincipal() principal: Principal,
    @ContractParams() params: { offerId: string },
    @ContractBody() body: { position: MemberPosition },
    @Headers('idempotency-key') key: string | undefined,
  ): Promise<GeoOfferClaimResult> {
    requireIdempotencyKey(key, 'claims');
    return this.nearby.claim(memberIdOf(principal), new Types.ObjectId(params.offerId), body.position);
  }
}
