import { MEMBER_STAGES, type MemberStage } from '@memberloop/shared';

/**
 * A dated snapshot of every member's stage, kept compact: member ids sorted ascending as 12 raw bytes each
 * and one byte per member for the stage (its index in MEMBER_STAGES, which only ever grows at the end),
 * about 13 bytes a member. Stored in chunks, so two snapshots are compared by merging them in id order
 * without holding either whole.
 */
export const ID_BYTES = 12;

export interface SnapshotChunk {
  ids: Uint8Array;
  stages: Uint8Array;
}

export function stageCode(stage: MemberStage): number {
  const code = MEMBER_STAGES.indexOf(stage);
  if (code < 0) throw new RangeError(`unknown stage ${stage}`);
  return code;
}

/** Collects (id, stage) pairs in ascending id order into chunks of `chunkSize` members. */
export class SnapshotWriter {
  private readonly ids: Buffer;
  private readonly stages: Uint8Array;
  private length = 0;
  private lastId: string | null = null;

  constructor(
    private readonly chunkSize: number,
    private readonly flush: (chunk: SnapshotChunk) => void,
  ) {
    this.ids = Buffer.alloc(chunkSize * ID_BYTES);
    this.stages = new Uint8Array(chunkSize);
  }

  add(idHex: string, stage: MemberStage): void {
    if (this.lastId !== null && idHex <= this.lastId) throw new RangeError('snapshot members must come in ascending id order');
    this.lastId = idHex;
    this.ids.write(idHex, this.length * ID_BYTES, ID_BYTES, 'hex');
    this.stages[this.length] = stageCode(stage);
    this.length += 1;
    if (this.length === this.chunkSize) this.end();
  }

  /** Hands over what is collected (call once more at the end). */
  end(): void {
    if (this.length === 0) return;
    this.flush({ ids: Buffer.from(this.ids.subarray(0, this.length * ID_BYTES)), stages: this.stages.slice(0, this.length) });
    this.length = 0;
  }
}

/** The (id, stage) pairs of chunks in order. */
export function* snapshotEntries(chunks: Iterable<SnapshotChunk>): Generator<[string, MemberStage]> {
  for (const chunk of chunks) {
    const hex = Buffer.from(chunk.ids.buffer, chunk.ids.byteOffset, chunk.ids.byteLength).toString('hex');
    for (let i = 0; i < chunk.stages.length; i++) {
      yield [hex.slice(i * ID_BYTES * 2, (i + 1) * ID_BYTES * 2), MEMBER_STAGES[chunk.stages[i]]];
    }
  }
}

export type MigrationStage = MemberStage | 'absent';

/**
 * From-stage × to-stage counts of two snapshots merged in id order; a member in only one of them is
 * `absent` in the other. `include` narrows to some members (a manager's stores).
 */
export function stageMigration(
  from: Iterable<[string, MemberStage]>,
  to: Iterable<[string, MemberStage]>,
  include: (idHex: string) => boolean = () => true,
): { members: number; matrix: Array<{ from: MigrationStage; to: MigrationStage; count: number }> } {
  const counts = new Map<string, number>();
  let members = 0;
  const count = (a: MigrationStage, b: MigrationStage, id: string) => {
    if (!include(id)) return;
    members += 1;
    const key = `${a}>${b}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  };
  const left = from[Symbol.iterator]();
  const right = to[Symbol.iterator]();
  let a = left.next();
  let b = right.next();
  while (!a.done || !b.done) {
    if (b.done || (!a.done && a.value[0] < b.value[0])) {
      count(a.value[1], 'absent', a.value[0]);
      a = left.next();
    } else if (a.done || b.value[0] < a.value[0]) {
      count('absent', b.value[1], b.value[0]);
      b = right.next();
    } else {
      count(a.value[1], b.value[1], a.value[0]);
      a = left.next();
      b = right.next();
    }
  }
  const matrix = [...counts].map(([key, n]) => {
    const [f, t] = key.split('>') as [MigrationStage, MigrationStage];
    return { from: f, to: t, count: n };
  });
  return { members, matrix };
}
