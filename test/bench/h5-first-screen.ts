/**
 * H5 first-screen benchmark: how long a member waits, on a cold load (empty cache) and a warm one, from
 * navigation to the member card showing their tier, against the real server on this machine. Medians of
 * several loads; prints figures, asserts nothing. The phone is emulated through the DevTools protocol: a 4 Mbps
 * link with 40 ms of latency and a CPU 4× slower than this machine's (BENCH_MBPS, BENCH_LATENCY_MS, BENCH_CPU_SLOWDOWN
 * change them; BENCH_MBPS=0 turns the network throttling off).
 *
 *   npm run bench:miniprogram        (builds the H5 app first)
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { startApp } from '../support/app';
import { CHROMIUM_PATH } from '../support/browser';

const LOADS = Number(process.env.BENCH_LOADS ?? 7);
const MBPS = Number(process.env.BENCH_MBPS ?? 4);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 40);
const CPU_SLOWDOWN = Number(process.env.BENCH_CPU_SLOWDOWN ?? 4);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  if (!existsSync(resolve(__dirname, '../../miniprogram/dist/h5/index.html')))
    throw new Error('No H5 build: run "npm run build:h5 -w miniprogram"');
  const running = await startApp({ LOG_LEVEL: 'silent' });
  const profile = mkdtempSync(join(tmpdir(), 'memberloop-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    viewport: { width: 390, height: 844 },
    isMobile: true,
    locale: 'zh-CN',
  });
  const cold: number[] = [];
  const warm: number[] = [];
  const paint: number[] = [];
  let transferred = 0;
  try {
    for (let i = 0; i < LOADS; i++) {
      for (const mode of ['cold', 'warm'] as const) {
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        await cdp.send('Network.enable');
        if (mode === 'cold') await cdp.send('Network.clearBrowserCache');
        if (MBPS > 0) {
          const bytesPerSecond = (MBPS * 1_000_000) / 8;
          await cdp.send('Network.emulateNetworkConditions', {
            offline: false,
            latency: LATENCY_MS,
            downloadThroughput: bytesPerSecond,
            uploadThroughput: bytesPerSecond,
          });
        }
        if (CPU_SLOWDOWN > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
        const started = Date.now();
        await page.goto(`${running.baseUrl}/?as=bench-member-${i}`);
        // The member card is up when the tier progress shows.
        await page.getByText('升级进度').waitFor({ timeout: 30_000 });
        const elapsed = Date.now() - started;
        if (mode === 'cold') {
          cold.push(elapsed);
          // Bytes on the wire (compressed when the server compresses), the page and everything it fetched.
          const { fcp, bytes } = await page.evaluate(() => {
            const entries = [
              ...performance.getEntriesByType('navigation'),
              ...performance.getEntriesByType('resource'),
            ] as PerformanceResourceTiming[];
            return {
              fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
              bytes: entries.reduce((sum, entry) => sum + entry.transferSize, 0),
            };
          });
          transferred = Math.max(transferred, bytes);
          paint.push(fcp);
        } else warm.push(elapsed);
        await page.close();
      }
    }
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
    await running.close();
  }
  const phone =
    (MBPS > 0 ? `${MBPS} Mbps, ${LATENCY_MS} ms latency` : 'unthrottled network') +
    (CPU_SLOWDOWN > 1 ? `, CPU ${CPU_SLOWDOWN}× slower` : '');
  console.log(
    `\nH5 first screen (member card with tier progress), ${phone}, ${LOADS} loads each, median (${new Date().toISOString()})`,
  );
  console.log(
    `cold load (empty cache, sign-in included)  ${median(cold)} ms   first contentful paint ${median(paint).toFixed(0)} ms, ${(transferred / 1024).toFixed(0)} KB transferred`,
  );
  console.log(`warm load (cached assets, new sign-in)     ${median(warm)} ms`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
