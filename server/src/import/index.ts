/** The import feature's public API: other features import it from here only (see docs/architecture.md). */
export { HistoricalClock, HistoricalClockModule } from './historical-clock';
export { runKeyedInOrder } from './keyed-pool';
export { OrderImportModule } from './order-import.module';
export { OrderImportService } from './order-import.service';
export type { OrderImportSummary } from './order-import.service';
export { validateRecord } from './order-records';
export type { SourceItem } from './order-records';
