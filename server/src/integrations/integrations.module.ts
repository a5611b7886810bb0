import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { IntegrationsController } from './integrations.controller';
import { IntegrationSignatureGuard } from './integration-signature.guard';
import { IntegrationsService } from './integrations.service';
import { Integration, IntegrationSchema } from './schemas/integration.schema';

@Module({
  imports: [MongooseModule.forFeature([{ name: Integration.name, schema: IntegrationSchema }])],
  controllers: [IntegrationsController],
  providers: [IntegrationsService, IntegrationSignatureGuard],
  exports: [IntegrationsService, IntegrationSignatureGuard],
})
export class IntegrationsModule {}
