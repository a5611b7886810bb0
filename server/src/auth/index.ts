/** The auth feature's public API: other features import it from here only (see docs/architecture.md). */
export { AuthModule } from './auth.module';
export { AuthService } from './auth.service';
export { RefreshTokenStore } from './refresh-token.store';
