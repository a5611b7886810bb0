/** The festival calendar's public API: other features import it from here only (see docs/architecture.md). */
export { FestivalCalendarModule } from './festival-calendar.module';
export { FestivalCalendarStore } from './festival-calendar.store';
