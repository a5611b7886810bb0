import { Injectable, type OnModuleInit } from '@nestjs/common';
import { JobRegistry } from '../jobs/job-registry';
import { NotificationsService } from './notifications.service';

/** Every minute, sends the outbox's due messages; a delivery job, so it runs after the work that enqueued them. */
@Injectable()
export class NotificationsDispatchJob implements OnModuleInit {
  constructor(
    private readonly registry: JobRegistry,
    private readonly notifications: NotificationsService,
  ) {}

  onModuleInit(): void {
    this.registry.register({
      name: 'notifications-dispatch',
      period: 'minute',
      leaseMs: 5 * 60_000,
      phase: 'delivery',
      work: async () => ({ ...(await this.notifications.dispatchDue()) }),
    });
  }
}
