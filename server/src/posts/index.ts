/** The posts feature's public API: other features import it from here only (see docs/architecture.md). */
export { PostsModule } from './posts.module';
export { PostsService } from './posts.service';
