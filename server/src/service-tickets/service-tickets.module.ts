import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { MongooseModule } from '@nestjs/mongoose';
import { AuditModule } from '../audit';
import { appConfig } from '../config/app-config';
import { CommunitiesModule } from '../communities';
import { CouponsModule } from '../coupons';
import { JobRegistryModule } from '../jobs/job-registry';
import { MembersModule } from '../members';
import { NotificationsModule } from '../notifications';
import { PointsModule } from '../points';
import { ProgrammeModule } from '../programme';
import { PurchasesModule } from '../purchases';
import { ServiceTicket, ServiceTicketSchema } from './schemas/service-ticket.schema';
import { ServiceTicketCompensations } from './service-ticket-compensations.service';
import { ServiceTicketDashboardService } from './service-ticket-dashboard.service';
import { ServiceTicketEscalationJob } from './service-ticket-escalation.job';
import { ServiceTicketPhotos } from './service-ticket-photos.service';
import { ServiceTicketsController } from './service-tickets.controller';
import { ServiceTicketsService } from './service-tickets.service';
import { StaffServiceTicketsController } from './staff-service-tickets.controller';
import { StaffServiceTickets } from './staff-service-tickets.service';

/**
 * Service tickets with an SLA: members open them, staff of the store answer, resolve with a capped compensation and
 * close, breaches escalate to HQ. Other features open a ticket through `ServiceTicketsService.openForDetractor`.
 */
@Module({
  imports: [
    MongooseModule.forFeature([{ name: ServiceTicket.name, schema: ServiceTicketSchema }]),
    ConfigModule.forFeature(appConfig),
    AuditModule,
    CommunitiesModule,
    CouponsModule,
    JobRegistryModule,
    MembersModule,
    NotificationsModule,
    PointsModule,
    ProgrammeModule,
    PurchasesModule,
  ],
  controllers: [ServiceTicketsController, StaffServiceTicketsController],
  providers: [
    ServiceTicketsService,
    StaffServiceTickets,
    ServiceTicketCompensations,
    ServiceTicketDashboardService,
    ServiceTicketEscalationJob,
    ServiceTicketPhotos,
  ],
  exports: [ServiceTicketsService],
})
export class ServiceTicketsModule {}
