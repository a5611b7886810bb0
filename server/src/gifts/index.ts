/** The gifts feature's public API: other features import it from here only (see docs/architecture.md). */
export { GiftsModule } from './gifts.module';
export { GiftsService } from './gifts.service';
