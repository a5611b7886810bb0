/**
 * Geo index keys: a quadtree of cells over a rectangular domain (longitude × latitude for 2dsphere,
 * [min, max)² for 2d), numbered along a Z-order curve the way S2 numbers its cells, so that every
 * cell's descendants form one contiguous range of ids and an ordered index can scan them as a range.
 *
 * A cell at level L (0 … MAX_LEVEL) is position p (2L bits, x and y interleaved) and its id is
 * (2p + 1) · 4^(MAX_LEVEL − L): the lowest set bit marks the level. With MAX_LEVEL 26 every id is an
 * integer below 2^53, exact as a JS number. A leaf cell is about 0.6 m of longitude at the equator.
 *
 * A geometry's keys are cells covering it (a point: its leaf cell); a query region's covering is a list
 * of cells whose descendants (a range) and ancestors (points) are the keys of every geometry that can
 * touch the region. Pure functions.
 */

export const MAX_LEVEL = 26;

export interface Domain {
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

export const SPHERE_DOMAIN: Domain = { minX: -180, maxX: 180, minY: -90, maxY: 90 };

/** A rectangle in domain coordinates (both ends inclusive). */
export interface Rect {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

export interface Cell {
  level: number;
  i: number;
  j: number;
}

/** Spreads the low 13 bits of x to the even bits of a 26-bit number. */
function spread13(x: number): number {
  let v = x & 0x1fff;
  v = (v | (v << 8)) & 0x00ff00ff;
  v = (v | (v << 4)) & 0x0f0f0f0f;
  v = (v | (v << 2)) & 0x33333333;
  v = (v | (v << 1)) & 0x55555555;
  return v;
}

/** Interleaves two 26-bit coordinates (x in the odd bits) into a 52-bit position. */
function interleave26(i: number, j: number): number {
  const hi = spread13(i >>> 13) * 2 + spread13(j >>> 13);
  const lo = spread13(i & 0x1fff) * 2 + spread13(j & 0x1fff);
  return hi * 2 ** 26 + lo;
}

/** The cell's id. `i`, `j` are its coordinates at its own level. */
export function cellId(cell: Cell): number {
  const shift = MAX_LEVEL - cell.level;
  const p = interleave26(cell.i * 2 ** shift, cell.j * 2 ** shift) / 4 ** shift;
  return (2 * p + 1) * 4 ** shift;
}

/** Smallest and largest id of the cell's descendants (itself included). */
export function cellRange(cell: Cell): [number, number] {
  const id = cellId(cell);
  const lsb = 4 ** (MAX_LEVEL - cell.level);
  return [id - lsb + 1, id + lsb - 1];
}

function clampIndex(v: number, max: number): number {
  return v < 0 ? 0 : v >= max ? max - 1 : v;
}

/** Grid coordinate of x at `level` (clamped to the domain). */
function gridX(domain: Domain, x: number, level: number): number {
  const n = 2 ** level;
  return clampIndex(Math.floor(((x - domain.minX) / (domain.maxX - domain.minX)) * n), n);
}

function gridY(domain: Domain, y: number, level: number): number {
  const n = 2 ** level;
  return clampIndex(Math.floor(((y - domain.minY) / (domain.maxY - domain.minY)) * n), n);
}

/** The leaf cell holding a point. */
export function leafCell(domain: Domain, x: number, y: number): Cell {
  return { level: MAX_LEVEL, i: gridX(domain, x, MAX_LEVEL), j: gridY(domain, y, MAX_LEVEL) };
}

export function leafId(domain: Domain, x: number, y: number): number {
  return cellId(leafCell(domain, x, y));
}

/** The id of the level-`level` ancestor of a leaf id. */
export function ancestorId(leaf: number, level: number): number {
  const lsb = 4 ** (MAX_LEVEL - level);
  return Math.floor(leaf / (2 * lsb)) * 2 * lsb + lsb;
}

/**
 * Cells of one level covering the rectangles (each rectangle's cells at the finest level where all of
 * them together stay within `maxCells`).
 */
export function coverRects(domain: Domain, rects: Rect[], maxCells = 24): Cell[] {
  for (let level = MAX_LEVEL; level >= 0; level--) {
    let count = 0;
    for (const r of rects) {
      count +=
        (gridX(domain, r.x1, level) - gridX(domain, r.x0, level) + 1) *
        (gridY(domain, r.y1, level) - gridY(domain, r.y0, level) + 1);
    }
    if (count > maxCells && level > 0) continue;
    const seen = new Set<number>();
    const cells: Cell[] = [];
    for (const r of rects) {
      for (let i = gridX(domain, r.x0, level); i <= gridX(domain, r.x1, level); i++) {
        for (let j = gridY(domain, r.y0, level); j <= gridY(domain, r.y1, level); j++) {
          const cell = { level, i, j };
          const id = cellId(cell);
          if (!seen.has(id)) {
            seen.add(id);
            cells.push(cell);
          }
        }
      }
    }
    return cells;
  }
  return [{ level: 0, i: 0, j: 0 }];
}

/**
 * Index key ranges (inclusive id pairs, sorted, merged) that find every geometry touching the cells:
 * their descendants, and with `ancestors` the cells containing them (where coarser coverings live).
 */
export function coveringRanges(cells: Cell[], ancestors = true): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  const above = new Set<number>();
  for (const cell of cells) {
    ranges.push(cellRange(cell));
    if (!ancestors) continue;
    const leaf = cellRange(cell)[0];
    for (let level = 0; level < cell.level; level++) above.add(ancestorId(leaf, level));
  }
  for (const id of above) ranges.push([id, id]);
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1] + 1) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}
