/** The audit feature's public API: other features import it from here only (see docs/architecture.md). */
export { AuditLogService } from './audit-log.service';
export type { AuditActor } from './audit-log.service';
export { AuditModule } from './audit.module';
