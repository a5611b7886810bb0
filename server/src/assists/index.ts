/** The assists feature's public API: other features import it from here only (see docs/architecture.md). */
export { AssistsModule } from './assists.module';
export { AssistsService } from './assists.service';
