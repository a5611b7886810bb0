import { Controller } from '@nestjs/common';
import { readAuditLog, type AuditEntryView } from '@memberloop/shared';
import { ContractQuery, Endpoint } from '../common/contract';
import { AuditLogService, type AuditQuery } from './audit-log.service';

/** HQ reads the staff audit log. */
@Controller()
export class AuditLogController {
  constructor(private readonly audit: AuditLogService) {}

  @Endpoint(readAuditLog)
  read(@ContractQuery() query: AuditQuery): Promise<{ entries: AuditEntryView[]; nextCursor?: string }> {
    return this.audit.page(query);
  }
}
