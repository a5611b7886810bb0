/** The notifications feature's public API: other features import it from here only (see docs/architecture.md). */
export { NotificationsModule } from './notifications.module';
export { NotificationsService, thing } from './notifications.service';
