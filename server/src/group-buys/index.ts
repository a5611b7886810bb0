/** The group-buys feature's public API: other features import it from here only (see docs/architecture.md). */
export { GroupBuyDealsService } from './group-buy-deals.service';
export { GroupBuyGroupsService } from './group-buy-groups.service';
export { GroupBuysModule } from './group-buys.module';
