/**
 * Imports historical orders and refunds through the live ingest path (same earning, idempotency, tiers),
 * each at its own paid time:
 *
 *   npm run import:orders -w server -- --file orders.jsonl [--format jsonl|csv] [--integration pos-export]
 *                                      [--concurrency 8] [--no-expiry]
 *
 * File formats: JSON lines as in src/import/jsonl-order-source.ts, CSV as in src/import/csv-order-source.ts.
 * The file is read from where you ran npm; the database is the server's (MONGODB_URI, or the embedded
 * engine under DATA_DIR). Re-running the same file adds nothing. Exit code 0: all imported (or already
 * there); 2: some records were rejected (listed); 1: the import failed.
 */
import 'reflect-metadata';
import { createReadStream, existsSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatImportSummary } from '../src/import/cli/import-report';
import { ProgressBar } from '../src/import/cli/progress-bar';
import { positiveInteger, runCommand, UsageError } from '../src/import/cli/run-command';
import { readCsv } from '../src/import/csv-order-source';
import { OrderImportContextModule } from '../src/import/import-context.module';
import { readJsonLines } from '../src/import/jsonl-order-source';
import { OrderImportService } from '../src/import/order-import.service';

const USAGE = `Usage: npm run import:orders -w server -- --file <orders.jsonl|orders.csv> [options]
  --file <path>          the orders or refunds to import (relative to where you run npm)
  --format jsonl|csv     default: from the file's extension (.csv is CSV, anything else JSON lines)
  --integration <id>     recorded on each purchase as the system that sent it (default: order-import)
  --concurrency <n>      records applied at once, one member at a time (default: 8)
  --no-expiry            do not run the points-expiry job for the days of the history`;

function options() {
  const { values } = parseArgs({
    options: {
      file: { type: 'string' },
      format: { type: 'string' },
      integration: { type: 'string', default: 'order-import' },
      concurrency: { type: 'string' },
      'no-expiry': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  if (!values.file) throw new UsageError('--file is required');
  const file = resolve(process.env.INIT_CWD ?? process.cwd(), values.file);
  if (!existsSync(file)) throw new UsageError(`no such file: ${file}`);
  const format = values.format ?? (extname(file).toLowerCase() === '.csv' ? 'csv' : 'jsonl');
  if (format !== 'csv' && format !== 'jsonl') throw new UsageError(`--format must be jsonl or csv, got "${format}"`);
  return {
    file,
    format,
    integrationId: values.integration,
    concurrency: positiveInteger('concurrency', values.concurrency, 8),
    expirePoints: !values['no-expiry'],
  };
}

let parsed: ReturnType<typeof options>;
try {
  parsed = options();
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
  process.exit(2);
}

void runCommand(OrderImportContextModule, async (app, signal) => {
  const { file, format, ...importOptions } = parsed;
  const input = createReadStream(file);
  const records = format === 'csv' ? readCsv(input) : readJsonLines(input);
  process.stderr.write(`Reading ${file} (${format})…\n`);
  let bar: ProgressBar | undefined;
  const started = Date.now();
  const summary = await app.get(OrderImportService).importRecords(records, {
    ...importOptions,
    signal,
    onProgress: (done, total) => {
      bar ??= new ProgressBar(process.stderr, 'Importing', total);
      bar.update(done);
    },
  });
  bar?.finish();
  process.stdout.write(`Imported ${file} in ${((Date.now() - started) / 1000).toFixed(1)} s\n${formatImportSummary(summary)}\n`);
  return summary.rejected.length > 0 || summary.interrupted ? 2 : 0;
});
