import { Decimal128, Long } from 'bson';
import type { Document } from '../contracts';
import { runPipeline } from './aggregate';
import { parseCollation } from './collation';
import { nativeGroup } from './group';
import { compileExpression } from './expression';

const now = new Date('2024-05-01T00:00:00Z');
const context = { now, resolveCollection: () => [] };

/** The manual's $topN / $bottomN / $firstN example collection. */
const scores: Document[] = [
  { _id: 1, playerId: 'PlayerA', gameId: 'G1', score: 31 },
  { _id: 2, playerId: 'PlayerB', gameId: 'G1', score: 33 },
  { _id: 3, playerId: 'PlayerC', gameId: 'G1', score: 99 },
  { _id: 4, playerId: 'PlayerD', gameId: 'G1', score: 1 },
  { _id: 5, playerId: 'PlayerA', gameId: 'G2', score: 10 },
  { _id: 6, playerId: 'PlayerB', gameId: 'G2', score: 14 },
  { _id: 7, playerId: 'PlayerC', gameId: 'G2', score: 66 },
  { _id: 8, playerId: 'PlayerD', gameId: 'G2', score: 80 },
];

function group(spec: Document, docs: Document[] = scores): Document[] {
  return runPipeline(docs, [{ $group: spec }, { $sort: { _id: 1 } }], context);
}

function code(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { code?: number }).code;
  }
  return undefined;
}

describe('$group N-accumulators (native)', () => {
  it('are compiled by the native $group (no mingo fallback)', () => {
    const compile = (e: unknown) => compileExpression(e, { now });
    for (const acc of [
      { $firstN: { input: '$score', n: 2 } },
      { $lastN: { input: '$score', n: 2 } },
      { $maxN: { input: '$score', n: 2 } },
      { $minN: { input: '$score', n: 2 } },
      { $topN: { n: 2, sortBy: { score: 1 }, output: '$score' } },
      { $bottomN: { n: 2, sortBy: { score: 1 }, output: '$score' } },
      { $top: { sortBy: { score: 1 }, output: '$score' } },
      { $bottom: { sortBy: { score: 1 }, output: '$score' } },
    ])
      expect(nativeGroup({ _id: '$gameId', out: acc }, compile, undefined)).toBeDefined();
  });

  it('$topN / $bottomN / $top / $bottom follow sortBy (manual example)', () => {
    expect(group({ _id: '$gameId', top: { $topN: { n: 3, sortBy: { score: -1 }, output: ['$playerId', '$score'] } } })).toEqual([
      {
        _id: 'G1',
        top: [
          ['PlayerC', 99],
          ['PlayerB', 33],
          ['PlayerA', 31],
        ],
      },
      {
        _id: 'G2',
        top: [
          ['PlayerD', 80],
          ['PlayerC', 66],
          ['PlayerB', 14],
        ],
      },
    ]);
    expect(
      group({ _id: '$gameId', bottom: { $bottomN: { n: 3, sortBy: { score: -1 }, output: ['$playerId', '$score'] } } }),
    ).toEqual([
      {
        _id: 'G1',
        bottom: [
          ['PlayerB', 33],
          ['PlayerA', 31],
          ['PlayerD', 1],
        ],
      },
      {
        _id: 'G2',
        bottom: [
          ['PlayerC', 66],
          ['PlayerB', 14],
          ['PlayerA', 10],
        ],
      },
    ]);
    expect(
      group({
        _id: '$gameId',
        best: { $top: { sortBy: { score: -1 }, output: '$playerId' } },
        worst: { $bottom: { sortBy: { score: -1 }, output: '$playerId' } },
      }),
    ).toEqual([
      { _id: 'G1', best: 'PlayerC', worst: 'PlayerD' },
      { _id: 'G2', best: 'PlayerD', worst: 'PlayerA' },
    ]);
    expect(group({ _id: null, top: { $topN: { n: 2, sortBy: { score: 1 }, output: '$missing' } } })).toEqual([
      { _id: null, top: [null, null] },
    ]);
  });

  it('$firstN / $lastN keep nulls (missing becomes null); $maxN / $minN skip them and order by BSON order', () => {
    const docs = [...scores, { _id: 9, gameId: 'G1' }, { _id: 10, gameId: 'G1', score: null }];
    expect(
      group({ _id: '$gameId', f: { $firstN: { input: '$score', n: 3 } }, l: { $lastN: { input: '$score', n: 3 } } }, docs)[0],
    ).toEqual({
      _id: 'G1',
      f: [31, 33, 99],
      l: [1, null, null],
    });
    expect(
      group({ _id: '$gameId', max: { $maxN: { input: '$score', n: 3 } }, min: { $minN: { input: '$score', n: 3 } } }, docs)[0],
    ).toEqual({
      _id: 'G1',
      max: [99, 33, 31],
      min: [1, 31, 33],
    });
    const mixed = [{ v: 'a' }, { v: 5 }, { v: Long.fromString('9007199254740993') }, { v: Decimal128.fromString('1.5') }];
    expect(group({ _id: null, max: { $maxN: { input: '$v', n: 3 } } }, mixed)[0].max).toEqual([
      'a',
      Long.fromString('9007199254740993'),
      5,
    ]);
    expect(group({ _id: null, min: { $minN: { input: '$v', n: 2 } } }, mixed)[0].min).toEqual([Decimal128.fromString('1.5'), 5]);
  });

  it('n may depend on the group key; errors carry mongod codes', () => {
    expect(
      group({
        _id: { gameId: '$gameId' },
        s: { $firstN: { input: '$score', n: { $cond: { if: { $eq: ['$gameId', 'G2'] }, then: 1, else: 3 } } } },
      }),
    ).toEqual([
      { _id: { gameId: 'G1' }, s: [31, 33, 99] },
      { _id: { gameId: 'G2' }, s: [10] },
    ]);
    expect(code(() => group({ _id: null, s: { $firstN: { input: '$score', n: 0 } } }))).toBe(5787908);
    expect(code(() => group({ _id: null, s: { $firstN: { input: '$score', n: 1.5 } } }))).toBe(5787902);
    expect(code(() => group({ _id: null, s: { $firstN: { input: '$score' } } }))).toBe(5787907);
    expect(code(() => group({ _id: null, s: { $maxN: { n: 1 } } }))).toBe(5787906);
    expect(code(() => group({ _id: null, s: { $topN: { n: 1, output: '$score' } } }))).toBe(5788005);
    expect(code(() => group({ _id: null, s: { $top: { n: 1, sortBy: { a: 1 }, output: '$score' } } }))).toBe(5787901);
  });

  it('compare strings under the collation', () => {
    const docs = [{ v: 'b' }, { v: 'a' }, { v: 'C' }]; // binary order: 'C' < 'a' < 'b'
    const out = runPipeline(
      docs,
      [{ $group: { _id: null, min: { $minN: { input: '$v', n: 2 } }, top: { $top: { sortBy: { v: 1 }, output: '$v' } } } }],
      {
        ...context,
        collation: parseCollation({ locale: 'en' }),
      },
    );
    expect(out[0]).toEqual({ _id: null, min: ['a', 'b'], top: 'a' });
    expect(runPipeline(docs, [{ $group: { _id: null, min: { $minN: { input: '$v', n: 2 } } } }], context)[0].min).toEqual([
      'C',
      'a',
    ]);
  });
});
