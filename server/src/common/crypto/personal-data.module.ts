import { Global, Module } from '@nestjs/common';
import { appConfig, type AppConfig } from '../../config/app-config';
import { PersonalDataCipher } from './personal-data-cipher';

@Global()
@Module({
  providers: [
    {
      provide: PersonalDataCipher,
      inject: [appConfig.KEY],
      useFactory: (config: AppConfig) => new PersonalDataCipher(config.security.personalDataKey),
    },
  ],
  exports: [PersonalDataCipher],
})
export class PersonalDataModule {}
