import mongoose, { type Connection, type Model, Types } from 'mongoose';
import { startTestDatabase, type TestDatabase } from '../../test/support/test-database';
import { ManualClock } from '../common/clock/clock';
import { runInTransaction } from '../database/transactions';
import { StaffRole, StaffRoleSchema } from './schemas/staff-role.schema';
import { STAFF_RIGHTS_TTL_MS, StaffRightsService } from './staff-rights.service';

describe('staff rights: read from the database, cached briefly, forgotten on every change', () => {
  let database: TestDatabase;
  let connection: Connection;
  let roles: Model<StaffRole>;
  let clock: ManualClock;
  let rights: StaffRightsService;

  beforeAll(async () => {
    database = await startTestDatabase();
    connection = await mongoose.createConnection(database.uri, { dbName: database.dbName }).asPromise();
    roles = connection.model(StaffRole.name, StaffRoleSchema) as unknown as Model<StaffRole>;
    await roles.init();
  });
  afterAll(async () => {
    await connection?.close();
    await database?.stop();
  });
  beforeEach(() => {
    clock = new ManualClock(new Date('2026-11-22T08:00:00Z'));
    rights = new StaffRightsService(roles, clock);
  });
  afterEach(() => rights.onModuleDestroy());

  const staff = async (role: 'manager' | 'hq', communityIds: string[] = []) => {
    const memberId = new Types.ObjectId();
    await roles.create({ memberId, role, communityIds, storeIds: [] });
    return memberId;
  };

  it('reads a role once within the cache time, and again after it', async () => {
    const memberId = await staff('hq');
    const reads = jest.spyOn(roles, 'findOne');
    expect(await rights.of(memberId.toHexString())).toEqual({ role: 'hq', communityIds: [], storeIds: [] });
    await rights.of(memberId.toHexString());
    expect(reads).toHaveBeenCalledTimes(1);
    clock.advance(STAFF_RIGHTS_TTL_MS + 1);
    await rights.of(memberId.toHexString());
    expect(reads).toHaveBeenCalledTimes(2);
    reads.mockRestore();
  });

  it('forgets at once when a role is deleted, changed or a community pulled through mongoose', async () => {
    const memberId = await staff('manager', ['c1', 'c2']);
    const id = memberId.toHexString();
    expect((await rights.of(id))?.communityIds).toEqual(['c1', 'c2']);
    await roles.updateOne({ memberId }, { $pull: { communityIds: 'c1' } });
    expect((await rights.of(id))?.communityIds).toEqual(['c2']);
    await roles.findOneAndUpdate({ memberId }, { $set: { role: 'hq' } });
    expect((await rights.of(id))?.role).toBe('hq');
    await roles.deleteOne({ memberId });
    expect(await rights.of(id)).toBeNull();
  });

  it('forgets again when a transaction that changed a role has ended, so a read during it is not kept', async () => {
    const memberId = await staff('manager', ['c1']);
    const id = memberId.toHexString();
    await rights.of(id);
    await runInTransaction(connection, async (session) => {
      await roles.updateOne({ memberId }, { $pull: { communityIds: 'c1' } }, { session });
      // Not committed yet: another request reads the old rights and would keep them for the cache time.
      expect((await rights.of(id))?.communityIds).toEqual(['c1']);
    });
    expect((await rights.of(id))?.communityIds).toEqual([]);
  });

  it('does not keep what a read returned when a change landed while it was reading', async () => {
    const memberId = await staff('hq');
    const id = memberId.toHexString();
    const original = roles.findOne.bind(roles);
    const reads = jest.spyOn(roles, 'findOne').mockImplementationOnce(((...args: Parameters<typeof roles.findOne>) => {
      const query = original(...args);
      // The revocation is written (and the cache emptied) between this read's query and its answer.
      rights.forgetAll();
      return query;
    }) as typeof roles.findOne);
    expect((await rights.of(id))?.role).toBe('hq');
    await rights.of(id);
    expect(reads).toHaveBeenCalledTimes(2);
    reads.mockRestore();
  });
});
