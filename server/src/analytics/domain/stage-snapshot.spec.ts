import type { MemberStage } from '@memberloop/shared';
import { SnapshotWriter, snapshotEntries, stageMigration, type SnapshotChunk } from './stage-snapshot';

const id = (n: number) => n.toString(16).padStart(24, '0');

function snapshot(entries: Array<[number, MemberStage]>, chunkSize = 2): SnapshotChunk[] {
  const chunks: SnapshotChunk[] = [];
  const writer = new SnapshotWriter(chunkSize, (chunk) => chunks.push(chunk));
  for (const [n, stage] of entries) writer.add(id(n), stage);
  writer.end();
  return chunks;
}

describe('stage snapshots and migration', () => {
  it('packs 13 bytes a member in chunks and reads them back in order', () => {
    const chunks = snapshot([
      [1, 'new-one-time'],
      [2, 'silent'],
      [3, 'prospect'],
    ]);
    expect(chunks.map((c) => [c.ids.length, c.stages.length])).toEqual([
      [24, 2],
      [12, 1],
    ]);
    expect([...snapshotEntries(chunks)]).toEqual([
      [id(1), 'new-one-time'],
      [id(2), 'silent'],
      [id(3), 'prospect'],
    ]);
  });

  it('refuses members out of id order', () => {
    const writer = new SnapshotWriter(10, () => undefined);
    writer.add(id(2), 'lost');
    expect(() => writer.add(id(1), 'lost')).toThrow(RangeError);
  });

  it('counts stage-to-stage moves, with members who joined or left as absent', () => {
    const before = snapshot([
      [1, 'new-one-time'],
      [2, 'new-one-time'],
      [3, 'silent'],
      [5, 'old-repeat'],
    ]);
    const after = snapshot([
      [1, 'new-repeat'],
      [2, 'silent'],
      [3, 'silent'],
      [4, 'new-one-time'],
    ]);
    const result = stageMigration(snapshotEntries(before), snapshotEntries(after));
    expect(result.members).toBe(5);
    expect(result.matrix).toEqual(
      expect.arrayContaining([
        { from: 'new-one-time', to: 'new-repeat', count: 1 },
        { from: 'new-one-time', to: 'silent', count: 1 },
        { from: 'silent', to: 'silent', count: 1 },
        { from: 'absent', to: 'new-one-time', count: 1 },
        { from: 'old-repeat', to: 'absent', count: 1 },
      ]),
    );
    expect(result.matrix).toHaveLength(5);
    const narrowed = stageMigration(snapshotEntries(before), snapshotEntries(after), (m) => m === id(2));
    expect(narrowed).toEqual({ members: 1, matrix: [{ from: 'new-one-time', to: 'silent', count: 1 }] });
  });
});
