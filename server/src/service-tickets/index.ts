/** The service-tickets feature's public API: other features import it from here only (see docs/architecture.md). */
export { ServiceTicketsModule } from './service-tickets.module';
export { ServiceTicketsService } from './service-tickets.service';
export type { ClosedServiceTicket, DetractorTicket } from './service-tickets.service';
