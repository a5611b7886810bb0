// The server's shape, checked in `npm test` (see docs/architecture.md): no import cycle between files, nor between
// folders of server/src (features and infrastructure), infrastructure depends on no feature, and each folder owns
// its collections (no other folder injects its models, registers its schemas or opens its collections by name; no
// index exports a model). ESLint checks the other rule (a feature imports another only through its public index).
// `--graph` prints the folder graph.
import madge from 'madge';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const server = join(dirname(fileURLToPath(import.meta.url)), '..');
const INFRASTRUCTURE = new Set(['common', 'config', 'database', 'jobs', 'wechat']);

const graph = await madge(join(server, 'src'), {
  fileExtensions: ['ts'],
  tsConfig: join(server, 'tsconfig.json'),
  excludeRegExp: [/\.spec\.ts$/, /\/fake\//],
});
const problems = [];

for (const cycle of graph.circular()) problems.push(`file cycle: ${cycle.join(' -> ')}`);

// Folder-level graph: a feature that imports another, whatever files carry the imports.
// Files outside server/src (the shared package) are no folder of the server's.
const folderOf = (file) => (file.includes('/') && !file.startsWith('..') ? file.split('/')[0] : null);
const edges = new Map();
for (const [file, imports] of Object.entries(graph.obj())) {
  const from = folderOf(file);
  if (!from) continue;
  for (const target of imports) {
    const to = folderOf(target);
    if (!to || to === from) continue;
    if (!edges.has(from)) edges.set(from, new Map());
    if (!edges.get(from).has(to)) edges.get(from).set(to, `${file} -> ${target}`);
    if (INFRASTRUCTURE.has(from) && !INFRASTRUCTURE.has(to))
      problems.push(`infrastructure imports a feature: ${file} -> ${target}`);
  }
}

// Data ownership: which folder defines each model class and each collection name.
const sourceFiles = Object.keys(graph.obj()).filter((file) => folderOf(file));
const read = (file) => readFileSync(join(server, 'src', file), 'utf8');
const modelOwner = new Map();
const collectionOwner = new Map();
for (const file of sourceFiles.filter((f) => f.endsWith('.schema.ts'))) {
  const text = read(file);
  for (const [, name] of text.matchAll(/@Schema\([^)]*\)\s*export class (\w+)/g)) modelOwner.set(name, folderOf(file));
  for (const [, name] of text.matchAll(/@Schema\(\{[^)]*collection: '([^']+)'/g)) collectionOwner.set(name, folderOf(file));
}
for (const file of sourceFiles) {
  const text = read(file);
  const folder = folderOf(file);
  const uses = [
    ...[...text.matchAll(/InjectModel\((\w+)\.name\)/g)].map(([, model]) => ['injects the model', model, modelOwner]),
    ...[...text.matchAll(/name: (\w+)\.name,\s*schema:/g)].map(([, model]) => ['registers the schema', model, modelOwner]),
    ...[...text.matchAll(/\.collection(?:<[^>]*>)?\('([^']+)'\)/g)].map(([, name]) => [
      'opens the collection',
      name,
      collectionOwner,
    ]),
  ];
  for (const [what, name, owners] of uses) {
    const owner = owners.get(name);
    if (owner && owner !== folder) problems.push(`${file} ${what} ${name} of ${owner}: use ${owner}'s store or services`);
  }
  if (file.endsWith('/index.ts'))
    for (const [line] of text.matchAll(/^export \{[^}]*\} from '[^']*\.schema';$/gm))
      problems.push(`${file} exports a model (${line}): a feature's data is reached through its store or services`);
}

// Tarjan's strongly connected components: any with two folders or more is a cycle between folders.
let index = 0;
const state = new Map();
const stack = [];
function visit(folder) {
  state.set(folder, { index, low: index, onStack: true });
  index += 1;
  stack.push(folder);
  for (const next of edges.get(folder)?.keys() ?? []) {
    if (!state.has(next)) {
      visit(next);
      state.get(folder).low = Math.min(state.get(folder).low, state.get(next).low);
    } else if (state.get(next).onStack) state.get(folder).low = Math.min(state.get(folder).low, state.get(next).index);
  }
  if (state.get(folder).low !== state.get(folder).index) return;
  const component = [];
  let member;
  do {
    member = stack.pop();
    state.get(member).onStack = false;
    component.push(member);
  } while (member !== folder);
  if (component.length < 2) return;
  const inside = new Set(component);
  const witnesses = component.flatMap((from) =>
    [...(edges.get(from) ?? [])].filter(([to]) => inside.has(to)).map(([, witness]) => `    ${witness}`),
  );
  problems.push(`folder cycle: ${component.sort().join(', ')}\n${witnesses.join('\n')}`);
}
for (const folder of edges.keys()) if (!state.has(folder)) visit(folder);

if (process.argv.includes('--graph')) {
  // The folder graph, for docs/architecture.md: each folder and those it imports.
  for (const [from, targets] of [...edges].sort(([a], [b]) => a.localeCompare(b)))
    console.log(`${from} -> ${[...targets.keys()].sort().join(', ')}`);
}
const folders = new Set([...edges.keys(), ...[...edges.values()].flatMap((m) => [...m.keys()])]);
if (problems.length > 0) {
  console.error(`Architecture check failed (${problems.length}):\n${problems.join('\n')}`);
  process.exit(1);
}
console.log(
  `Architecture check: ${Object.keys(graph.obj()).length} files, ${folders.size} folders, no cycles, infrastructure depends on no feature, ${modelOwner.size} models each used by their own folder only.`,
);
