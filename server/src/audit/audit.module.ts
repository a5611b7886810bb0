import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { MongooseModule } from '@nestjs/mongoose';
import { AuditEntry, AuditEntrySchema } from './audit-entry.schema';
import { AuditLogController } from './audit-log.controller';
import { AuditLogService } from './audit-log.service';
import { StaffAuditInterceptor } from './audit.interceptor';

/**
 * The staff audit log: every staff call that changes something is recorded by the interceptor; features that must
 * write the entry in the change's own transaction inject AuditLogService.
 */
@Global()
@Module({
  imports: [MongooseModule.forFeature([{ name: AuditEntry.name, schema: AuditEntrySchema }])],
  controllers: [AuditLogController],
  providers: [AuditLogService, { provide: APP_INTERCEPTOR, useClass: StaffAuditInterceptor }],
  exports: [AuditLogService],
})
export class AuditModule {}
