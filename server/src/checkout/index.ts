/** The checkout feature's public API: other features import it from here only (see docs/architecture.md). */
export { CheckoutModule } from './checkout.module';
export { PointsHoldsService } from './points-holds.service';
