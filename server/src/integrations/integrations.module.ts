import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { IntegrationsController } from './integrations.controller';
import { IntegrationSignatureGuard } from './integration-signature.guard';
import { IntegrationsService } from './integrations.service';
import { IntegrationNonces } from './integration-nonces.store';
import { Integration, IntegrationSchema } from './schemas/integration.schema';
import { IntegrationNonce, IntegrationNonceSchema } from './schemas/integration-nonce.schema';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Integration.name, schema: IntegrationSchema },
      { name: IntegrationNonce.name, schema: IntegrationNonceSchema },
    ]),
  ],
  controllers: [IntegrationsController],
  providers: [IntegrationsService, IntegrationNonces, IntegrationSignatureGuard],
  exports: [IntegrationsService, IntegrationNonces, IntegrationSignatureGuard],
})
export class IntegrationsModule {}
