import { Decimal128, Double, Long } from 'bson';
import type { Document } from '../contracts';
import { runPipeline } from './aggregate';
import { compileExpression } from './expression';
import { nativeSetWindowFields } from './window';

const now = new Date('2024-05-01T00:00:00Z');
const context = { now, resolveCollection: () => [] };

/** The manual's cakeSales collection ($setWindowFields examples). */
const cakeSales: Document[] = [
  { _id: 0, type: 'chocolate', orderDate: new Date('2020-05-18T14:10:30Z'), state: 'CA', price: 13, quantity: 120 },
  { _id: 1, type: 'chocolate', orderDate: new Date('2021-03-20T11:30:05Z'), state: 'WA', price: 14, quantity: 140 },
  { _id: 2, type: 'vanilla', orderDate: new Date('2021-01-11T06:31:15Z'), state: 'CA', price: 12, quantity: 145 },
  { _id: 3, type: 'vanilla', orderDate: new Date('2020-02-08T13:13:23Z'), state: 'WA', price: 13, quantity: 104 },
  { _id: 4, type: 'strawberry', orderDate: new Date('2019-05-18T16:09:01Z'), state: 'CA', price: 41, quantity: 162 },
  { _id: 5, type: 'strawberry', orderDate: new Date('2019-01-08T06:12:03Z'), state: 'WA', price: 43, quantity: 134 },
];

function windows(spec: Document, docs: Document[] = cakeSales): Document[] {
  return runPipeline(docs, [{ $setWindowFields: spec }], context);
}

function pick(docs: Document[], field: string): unknown[] {
  return docs.map((d) => [d._id, d[field]]);
}

function code(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { code?: number }).code;
  }
  return undefined;
}

describe('$setWindowFields (native)', () => {
  it('is compiled natively for the supported window functions, and left to mingo otherwise', () => {
    const compile = (e: unknown) => compileExpression(e, { now });
    expect(nativeSetWindowFields({ sortBy: { a: 1 }, output: { r: { $rank: {} } } }, compile, undefined)).toBeDefined();
    expect(nativeSetWindowFields({ output: { s: { $stdDevPop: '$a' } } }, compile, undefined)).toBeUndefined();
  });

  it('cumulative sum per partition over documents [unbounded, current] (manual example)', () => {
    const out = windows({
      partitionBy: '$state',
      sortBy: { orderDate: 1 },
      output: { cumulativeQuantityForState: { $sum: '$quantity', window: { documents: ['unbounded', 'current'] } } },
    });
    expect(pick(out, 'cumulativeQuantityForState')).toEqual([
      [4, 162],
      [0, 282],
      [2, 427],
      [5, 134],
      [3, 238],
      [1, 378],
    ]);
  });

  it('moving average (a double) over documents [-1, 0] and whole-partition $push / $max by default', () => {
    const out = windows({
      partitionBy: '$state',
      sortBy: { orderDate: 1 },
      output: {
        avg: { $avg: '$quantity', window: { documents: [-1, 0] } },
        all: { $push: '$_id' },
        max: { $max: '$quantity' },
        n: { $count: {} },
      },
    });
    expect(pick(out, 'avg')).toEqual([
      [4, new Double(162)],
      [0, new Double(141)],
      [2, 132.5],
      [5, new Double(134)],
      [3, new Double(119)],
      [1, new Double(122)],
    ]);
    expect(out[0]).toMatchObject({ all: [4, 0, 2], max: 162, n: 3 });
  });

  it('range windows on a number (manual: quantity of orders within ±10 of the price)', () => {
    const out = windows({
      partitionBy: '$state',
      sortBy: { price: 1 },
      output: { similar: { $sum: '$quantity', window: { range: [-10, 10] } } },
    });
    expect(pick(out, 'similar')).toEqual([
      [2, 265],
      [0, 265],
      [4, 162],
      [3, 244],
      [1, 244],
      [5, 134],
    ]);
  });

  it('range windows on dates with a unit', () => {
    const out = windows({
      sortBy: { orderDate: 1 },
      output: { lastYear: { $push: '$_id', window: { range: [-1, 'current'], unit: 'year' } } },
    });
    expect(pick(out, 'lastYear')).toEqual([
      [5, [5]],
      [4, [5, 4]],
      [3, [4, 3]],
      [0, [4, 3, 0]],
      [2, [3, 0, 2]],
      [1, [0, 2, 1]],
    ]);
    expect(code(() => windows({ sortBy: { state: 1 }, output: { x: { $sum: 1, window: { range: [-1, 1] } } } }))).toBe(5429414);
    expect(code(() => windows({ sortBy: { price: -1 }, output: { x: { $sum: 1, window: { range: [-1, 1] } } } }))).toBe(2);
    // A window ahead of the current value: [price + 1, price + 2]; ties (price 13) in arrival order.
    const ahead = windows({ sortBy: { price: 1 }, output: { ids: { $push: '$_id', window: { range: [1, 2] } } } });
    expect(pick(ahead, 'ids')).toEqual([
      [2, [0, 3, 1]],
      [0, [1]],
      [3, [1]],
      [1, []],
      [4, [5]],
      [5, []],
    ]);
  });

  it('$rank, $denseRank, $documentNumber and $shift', () => {
    const docs = [
      { _id: 1, v: 10 },
      { _id: 2, v: 20 },
      { _id: 3, v: 20 },
      { _id: 4, v: 30 },
    ];
    const out = windows(
      {
        sortBy: { v: 1 },
        output: {
          rank: { $rank: {} },
          dense: { $denseRank: {} },
          num: { $documentNumber: {} },
          next: { $shift: { output: '$v', by: 1, default: 'Not available' } },
        },
      },
      docs,
    );
    expect(out.map((d) => [d.rank, d.dense, d.num, d.next])).toEqual([
      [1, 1, 1, 20],
      [2, 2, 2, 20],
      [2, 2, 3, 30],
      [4, 3, 4, 'Not available'],
    ]);
    expect(code(() => windows({ output: { r: { $rank: {} } } }, docs))).toBe(5371602);
    expect(code(() => windows({ output: { s: { $sum: '$v', window: { documents: [-1, 0] } } } }, docs))).toBe(5339901);
  });

  it('keeps BSON types: long sums beyond 2^53 and decimals', () => {
    const docs = [
      { _id: 1, v: Long.fromString('9007199254740993') },
      { _id: 2, v: Long.fromNumber(2) },
      { _id: 3, v: Decimal128.fromString('0.1') },
    ];
    const out = windows(
      { sortBy: { _id: 1 }, output: { s: { $sum: '$v', window: { documents: ['unbounded', 'current'] } } } },
      docs,
    );
    expect(out.map((d) => d.s)).toEqual([
      Long.fromString('9007199254740993'),
      Long.fromString('9007199254740995'),
      Decimal128.fromString('9007199254740995.1'),
    ]);
  });

  it('running windows (computed incrementally) agree with each prefix evaluated as a whole', () => {
    const mixed: unknown[] = [
      3,
      null,
      Long.fromString('9007199254740993'),
      'text',
      2.5,
      undefined,
      Decimal128.fromString('0.1'),
      -7,
      Long.fromNumber(4),
    ];
    const docs = mixed.map((v, i) => (v === undefined ? { _id: i } : { _id: i, v }));
    const evaluate = (expr: unknown) => compileExpression(expr, { now })({});
    for (const op of ['$sum', '$avg', '$min', '$max', '$push', '$count', '$first', '$last']) {
      const operand = op === '$count' ? {} : '$v';
      const out = windows(
        { sortBy: { _id: 1 }, output: { r: { [op]: operand, window: { documents: ['unbounded', 'current'] } } } },
        docs,
      );
      out.forEach((row, i) => {
        const prefix = mixed.slice(0, i + 1);
        let expected: unknown;
        if (op === '$push') expected = prefix.filter((v) => v !== undefined);
        else if (op === '$count') expected = i + 1;
        else if (op === '$first') expected = prefix[0] ?? null;
        else if (op === '$last') expected = prefix[i] ?? null;
        else expected = evaluate({ [op]: { $literal: prefix.map((v) => (v === undefined ? null : v)) } });
        expect([op, i, row.r]).toEqual([op, i, expected]);
      });
    }
  });
});
