/** The most paths one version's summary lists; a wholesale change says so with its first ones. */
export const MAX_CHANGED_PATHS = 50;

type Plain = Record<string, unknown>;

const isPlain = (value: unknown): value is Plain => typeof value === 'object' && value !== null && !Array.isArray(value);

/** An array item's stable key: a campaign's id, a tier's code, a line rule's SKU or category. */
function keyOf(item: unknown): string | undefined {
  if (!isPlain(item)) return undefined;
  if (typeof item.id === 'string') return item.id;
  if (typeof item.code === 'string') return item.code;
  if (isPlain(item.match)) {
    if (typeof item.match.sku === 'string') return `sku:${item.match.sku}`;
    if (typeof item.match.category === 'string') return `category:${item.match.category}`;
  }
  return undefined;
}

function keyed(items: unknown[]): Map<string, unknown> | undefined {
  const byKey = new Map<string, unknown>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === undefined || byKey.has(key)) return undefined;
    byKey.set(key, item);
  }
  return byKey;
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => same(item, b[i]));
  if (isPlain(a) && isPlain(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) => same(a[key], b[key]));
  }
  return false;
}

/** Where the paths go: every changed path, and among them the array items added and removed whole. */
interface Collected {
  into: string[];
  added: string[];
  removed: string[];
}

function collect(before: unknown, after: unknown, path: string, { into, added, removed }: Collected): void {
  const found = { into, added, removed };
  if (into.length >= MAX_CHANGED_PATHS || same(before, after)) return;
  if (isPlain(before) && isPlain(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    for (const key of keys) collect(before[key], after[key], path ? `${path}.${key}` : key, found);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const was = keyed(before);
    const now = keyed(after);
    if (was && now && (was.size > 0 || now.size > 0)) {
      for (const [key, item] of was) {
        if (now.has(key)) collect(item, now.get(key), `${path}[${key}]`, found);
        else if (into.length < MAX_CHANGED_PATHS) {
          into.push(`${path}[${key}]`);
          removed.push(`${path}[${key}]`);
        }
      }
      for (const key of now.keys())
        if (!was.has(key) && into.length < MAX_CHANGED_PATHS) {
          into.push(`${path}[${key}]`);
          added.push(`${path}[${key}]`);
        }
      return;
    }
  }
  into.push(path || '(all)');
}

/**
 * The field paths that differ between two versions of a setting, in document order: `earning.pointsPerYuan`,
 * `earning.campaigns[c-1a2b3c].multiplier` (array items by id, code, SKU or category; an item added or removed is
 * its own path), a list of plain values (tier codes, highlights) as one path. At most MAX_CHANGED_PATHS.
 */
export function changedPaths(before: unknown, after: unknown): string[] {
  return settingDiff(before, after).changes;
}

/** The changed paths, and which of them are array items added or removed whole. */
export function settingDiff(before: unknown, after: unknown): { changes: string[]; added: string[]; removed: string[] } {
  const found: Collected = { into: [], added: [], removed: [] };
  collect(before, after, '', found);
  return { changes: found.into, added: found.added, removed: found.removed };
}
