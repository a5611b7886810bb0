/** The integrations feature's public API: other features import it from here only (see docs/architecture.md). */
export { CallingIntegration, IntegrationSignatureGuard } from './integration-signature.guard';
export { IntegrationsModule } from './integrations.module';
