import { Double, Long, ObjectId } from 'bson';
import type { Document } from '../contracts';
import { runPipeline, type PipelineContext } from './aggregate';

const now = new Date('2024-05-01T00:00:00Z');
const collections: Record<string, Document[]> = {
  members: [
    { _id: 'm1', name: 'Ann', tier: 'gold' },
    { _id: 'm2', name: 'Bob', tier: 'basic' },
  ],
};
const context: PipelineContext = { now, resolveCollection: (name) => collections[name] ?? [] };

const purchases: Document[] = [
  { _id: 1, memberId: 'm1', amountFen: 500, items: ['a', 'b'], big: Long.fromString('9007199254740993') },
  { _id: 2, memberId: 'm2', amountFen: 300, items: [], score: new Double(2) },
  { _id: 3, memberId: 'm1', amountFen: 200, items: ['c'] },
];

function run(pipeline: Document[], input: Document[] = purchases): Document[] {
  return runPipeline(input, pipeline, context);
}

function errorCode(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { code?: number }).code;
  }
  return undefined;
}

describe('runPipeline', () => {
  it('matches, sorts, skips and limits, keeping stored types exactly', () => {
    const out = run([{ $match: { amountFen: { $gte: 300 } } }, { $sort: { amountFen: 1 } }, { $limit: 5 }]);
    expect(out.map((d) => d._id)).toEqual([2, 1]);
    expect(out[0].score).toBeInstanceOf(Double);
    expect(out[1].big).toEqual(Long.fromString('9007199254740993'));
    expect(run([{ $sort: { _id: -1 } }, { $skip: 1 }]).map((d) => d._id)).toEqual([2, 1]);
  });

  it('groups with accumulators', () => {
    const out = run([{ $group: { _id: '$memberId', total: { $sum: '$amountFen' }, n: { $sum: 1 } } }, { $sort: { _id: 1 } }]);
    expect(out).toEqual([
      { _id: 'm1', total: 700, n: 2 },
      { _id: 'm2', total: 300, n: 1 },
    ]);
  });

  it('groups by ObjectId', () => {
    const a = new ObjectId();
    const out = run([{ $group: { _id: '$k', n: { $sum: 1 } } }], [{ k: a }, { k: new ObjectId(a.toHexString()) }]);
    expect(out).toHaveLength(1);
    expect(out[0].n).toBe(2);
  });

  it('unwinds arrays, dropping empty ones unless asked to preserve them', () => {
    expect(run([{ $unwind: '$items' }]).map((d) => d.items)).toEqual(['a', 'b', 'c']);
    const kept = run([{ $unwind: { path: '$items', preserveNullAndEmptyArrays: true, includeArrayIndex: 'i' } }]);
    expect(kept.map((d) => [d._id, d.items, d.i])).toEqual([
      [1, 'a', Long.fromNumber(0)],
      [1, 'b', Long.fromNumber(1)],
      [2, undefined, null],
      [3, 'c', Long.fromNumber(0)],
    ]);
  });

  it('looks up by local/foreign field and by pipeline with let', () => {
    const byField = run([
      { $match: { _id: 1 } },
      { $lookup: { from: 'members', localField: 'memberId', foreignField: '_id', as: 'member' } },
    ]);
    expect(byField[0].member).toEqual([{ _id: 'm1', name: 'Ann', tier: 'gold' }]);
    const byPipeline = run([
      { $match: { _id: 2 } },
      {
        $lookup: {
          from: 'members',
          let: { id: '$memberId' },
          pipeline: [{ $match: { $expr: { $eq: ['$_id', '$$id'] } } }, { $project: { _id: 0, tier: 1 } }],
          as: 'member',
        },
      },
    ]);
    expect(byPipeline[0].member).toEqual([{ tier: 'basic' }]);
  });

  it('projects, adds fields, unsets, replaces roots and counts', () => {
    expect(run([{ $match: { _id: 3 } }, { $project: { _id: 0, memberId: 1, yuan: { $divide: ['$amountFen', 100] } } }])).toEqual([
      { memberId: 'm1', yuan: new Double(2) }, // $divide gives a double, as in mongod
    ]);
    expect(run([{ $match: { _id: 3 } }, { $set: { 'meta.at': '$$NOW' } }, { $unset: ['items', 'big'] }])).toEqual([
      { _id: 3, memberId: 'm1', amountFen: 200, meta: { at: now } },
    ]);
    expect(run([{ $match: { _id: 3 } }, { $replaceWith: { m: '$memberId' } }])).toEqual([{ m: 'm1' }]);
    expect(run([{ $match: { amountFen: { $gt: 250 } } }, { $count: 'n' }])).toEqual([{ n: 2 }]);
    expect(run([{ $match: { amountFen: { $gt: 9999 } } }, { $count: 'n' }])).toEqual([]);
  });

  it('runs $facet and $sortByCount', () => {
    const [facets] = run([
      { $facet: { total: [{ $count: 'n' }], top: [{ $sort: { amountFen: -1 } }, { $limit: 1 }, { $project: { _id: 1 } }] } },
    ]);
    expect(facets).toEqual({ total: [{ n: 3 }], top: [{ _id: 1 }] });
    expect(run([{ $sortByCount: '$memberId' }])).toEqual([
      { _id: 'm1', count: 2 },
      { _id: 'm2', count: 1 },
    ]);
  });

  it('rejects stages the command layer owns and unknown stages', () => {
    expect(errorCode(() => run([{ $out: 'x' }]))).toBe(2);
    expect(errorCode(() => run([{ $merge: { into: 'x' } }]))).toBe(2);
    expect(errorCode(() => run([{ $foo: {} }]))).toBe(40324);
    expect(errorCode(() => run([{ $match: {}, $sort: { a: 1 } }]))).toBe(40323);
    expect(errorCode(() => run([{ $limit: 0 }]))).toBe(15958);
  });
});
