/**
 * Summarises a V8 CPU profile (`.cpuprofile`, e.g. from BENCH_PROFILE_DIR): self time by package (node_modules
 * name, our source folder, node internals) and the heaviest functions.
 *
 *   node -r tsx/cjs bench/profile-summary.ts <file.cpuprofile> [top=25] [lastSeconds]
 *
 * With lastSeconds, only the samples of the profile's last seconds count: a server profiled through a bench spends
 * its first seconds starting (compiling, loading modules) and seeding; BENCH_CONNECTIONS=100 ends the bench a few
 * seconds after the 100-connection runs, so the last 20 s are those runs.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

function owner(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native)';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return 'node internals';
  const src = url.match(/\/(server|shared)\/src\/([^/]+)/);
  if (src) return `${src[1]}/src/${src[2]}`;
  return url;
}

function main(): void {
  const [file, topArg, lastArg] = process.argv.slice(2);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  // Sample i was taken at startTime plus the deltas up to it (µs).
  const from = lastArg ? profile.endTime - Number(lastArg) * 1e6 : Number.NEGATIVE_INFINITY;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (at >= from) selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const idle = [...selfUs.entries()]
    .filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)')
    .reduce((sum, [, us]) => sum + us, 0);
  const busy = total - idle;
  const packages = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') continue;
    const pkg = owner(url, functionName);
    packages.set(pkg, (packages.get(pkg) ?? 0) + us);
    const key = `${functionName || '(anonymous)'}  ${pkg}:${lineNumber + 1}`;
    functions.set(key, (functions.get(key) ?? 0) + us);
  }
  const pct = (us: number) => `${((100 * us) / busy).toFixed(1).padStart(5)} %`;
  process.stdout.write(
    `busy ${(busy / 1000).toFixed(0)} ms of ${(total / 1000).toFixed(0)} ms sampled\n\nself time by package\n`,
  );
  for (const [pkg, us] of [...packages].sort((a, b) => b[1] - a[1]).slice(0, 20)) process.stdout.write(`${pct(us)}  ${pkg}\n`);
  process.stdout.write('\nheaviest functions (self time)\n');
  for (const [fn, us] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg ?? 25)))
    process.stdout.write(`${pct(us)}  ${fn}\n`);
}

main();
