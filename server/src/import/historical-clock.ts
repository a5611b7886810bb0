import { AsyncLocalStorage } from 'node:async_hooks';
import { Global, Injectable, Module } from '@nestjs/common';
import { Clock } from '../common/clock/clock';

/**
 * The clock of a historical import: inside `runAt(at, work)` every service that asks the Clock for "now"
 * gets `at` (the order's paid time, the refund's time), so tier windows, spendable lots and expiry see
 * the world as it was then. Each piece of work carries its own time (async context), so several orders
 * of different times can be applied at once. Outside `runAt` it is the system clock.
 */
@Injectable()
export class HistoricalClock extends Clock {
  private readonly moment = new AsyncLocalStorage<number>();

  now(): Date {
    return new Date(this.moment.getStore() ?? Date.now());
  }

  runAt<T>(at: Date, work: () => Promise<T>): Promise<T> {
    const time = at.getTime();
    if (!Number.isFinite(time)) throw new RangeError('HistoricalClock.runAt needs a valid date');
    return this.moment.run(time, work);
  }
}

/**
 * Makes the HistoricalClock the application's Clock. Use it instead of the ClockModule in the import and
 * seed contexts (never in the HTTP application: live requests happen now).
 */
@Global()
@Module({
  providers: [HistoricalClock, { provide: Clock, useExisting: HistoricalClock }],
  exports: [HistoricalClock, Clock],
})
export class HistoricalClockModule {}
