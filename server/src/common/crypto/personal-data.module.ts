import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { appConfig, type AppConfig } from '../../config/app-config';
import { PersonalDataCipher } from './personal-data-cipher';

/** The cipher of personal data at rest; members import it, so a feature that needs members boots without the app. */
@Global()
@Module({
  imports: [ConfigModule.forFeature(appConfig)],
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
