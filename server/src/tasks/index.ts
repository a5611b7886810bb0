/** The tasks feature's public API: other features import it from here only (see docs/architecture.md). */
export { TasksModule } from './tasks.module';
export { TasksService } from './tasks.service';
