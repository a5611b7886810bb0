import { Global, Module } from '@nestjs/common';
import { Clock, ShiftedClock, SystemClock } from './clock';

@Global()
@Module({
  providers: [
    // Read when the app starts: end-to-end tests (NODE_ENV=test) get a clock they can move.
    { provide: Clock, useFactory: (): Clock => (process.env.NODE_ENV === 'test' ? new ShiftedClock() : new SystemClock()) },
  ],
  exports: [Clock],
})
export class ClockModule {}
