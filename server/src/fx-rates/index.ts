/** The exchange-rate feature's public API: other features import it from here only (see docs/architecture.md). */
export { FxRatesModule } from './fx-rates.module';
export { FxRateStore } from './fx-rate.store';
export type { AppliedRate } from './fx-rate.store';
