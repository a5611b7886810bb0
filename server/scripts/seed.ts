/**
 * Fills the database with the demo brand: members registered as members are, their 18 months of purchases
 * and refunds imported through the live ingest at their own times, and a few staff accounts.
 *
 *   npm run seed                                   about 10,000 members and 100,000 purchases
 *   npm run seed -- --members 500 --purchases 5000 a smaller brand (in an empty database)
 *
 * Re-runnable: a second run with the same options finds everything there and adds nothing (the first run
 * fixes where the history ends). The database is the server's (MONGODB_URI, or the embedded engine under
 * DATA_DIR, relative to where you run npm).
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { formatImportSummary } from '../src/import/cli/import-report';
import { ProgressBar } from '../src/import/cli/progress-bar';
import { positiveInteger, runCommand, UsageError } from '../src/import/cli/run-command';
import { DemoSeedContextModule } from '../src/seed/demo-seed-context.module';
import { DemoSeedService, type DemoSeedOptions } from '../src/seed/demo-seed.service';

const USAGE = `Usage: npm run seed [-- options]
  --members <n>       members of the demo brand (default: 10000)
  --purchases <n>     about how many purchases (default: 100000)
  --months <n>        months of history (default: 18)
  --seed <n>          random seed: same seed, same brand (default: 2026)
  --until <ISO date>  where the history ends on the first run (default: now)
  --concurrency <n>   records applied at once (default: 8)`;

function options(): Omit<DemoSeedOptions, 'onProgress' | 'signal'> {
  const { values } = parseArgs({
    options: {
      members: { type: 'string' },
      purchases: { type: 'string' },
      months: { type: 'string' },
      seed: { type: 'string' },
      until: { type: 'string' },
      concurrency: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const until = values.until === undefined ? undefined : new Date(values.until);
  if (until && Number.isNaN(until.getTime())) throw new UsageError(`--until must be an ISO date, got "${values.until}"`);
  return {
    members: positiveInteger('members', values.members, 10_000),
    purchases: positiveInteger('purchases', values.purchases, 100_000),
    months: positiveInteger('months', values.months, 18),
    seed: positiveInteger('seed', values.seed, 2026),
    until,
    concurrency: positiveInteger('concurrency', values.concurrency, 8),
  };
}

let parsed: ReturnType<typeof options>;
try {
  parsed = options();
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
  process.exit(2);
}

void runCommand(
  DemoSeedContextModule,
  async (app, signal) => {
    const started = Date.now();
    const bars = new Map<string, ProgressBar>();
    const summary = await app.get(DemoSeedService).seed({
      ...parsed,
      signal,
      onProgress: (phase, done, total) => {
        let bar = bars.get(phase);
        if (!bar) {
          for (const other of bars.values()) other.finish();
          bar = new ProgressBar(process.stderr, phase === 'members' ? 'Members' : 'Orders ', total);
          bars.set(phase, bar);
        }
        bar.update(done);
      },
    });
    for (const bar of bars.values()) bar.finish();

    const n = (value: number) => value.toLocaleString('en-US');
    const staff =
      'skipped' in summary.staff
        ? `  staff:          skipped: ${summary.staff.skipped}`
        : [
            `  staff:          ${summary.staff.created} created, ${summary.staff.alreadyPresent} already present; sign in with the local WeChat fake as`,
            ...summary.staff.logins.map((login) => `                    ${login}`),
          ].join('\n');
    process.stdout.write(
      [
        `Seeded the demo brand (seed ${parsed.seed}, history until ${summary.until.toISOString()}) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
        `  members:        ${n(summary.members.created)} created, ${n(summary.members.alreadyPresent)} already present`,
        staff,
        `  products:       ${n(summary.products.created)} created, ${n(summary.products.alreadyPresent)} already present in the catalogue`,
        formatImportSummary(summary.orders),
        `  members by tier now: ${Object.entries(summary.tiers)
          .map(([tier, count]) => `${tier} ${n(count)}`)
          .join(', ')}`,
        '',
      ].join('\n'),
    );
    return summary.orders.rejected.length > 0 || summary.orders.interrupted ? 2 : 0;
  },
  {
    developmentOnly:
      'The demo seed writes a made-up brand (members, purchases, staff with known sign-ins): it never runs with NODE_ENV=production.',
  },
);
