import mongoose, { type Connection, type Model, Types } from 'mongoose';
import { startTestDatabase, type TestDatabase } from '../../test/support/test-database';
import { runInTransaction } from '../database/transactions';
import { StaffRole, StaffRoleSchema } from './schemas/staff-role.schema';
import { StaffRightsService } from './staff-rights.service';

describe('staff rights: read from the database at every request, whoever changed them', () => {
  let database: TestDatabase;
  let connection: Connection;
  /** Another process's connection (the hq command, a second server): no hook of ours runs on its writes. */
  let elsewhere: Connection;
  let roles: Model<StaffRole>;
  let rolesElsewhere: ReturnType<typeof collectionOf>;
  let rights: StaffRightsService;

  beforeAll(async () => {
    database = await startTestDatabase();
    connection = await mongoose.createConnection(database.uri, { dbName: database.dbName }).asPromise();
    elsewhere = await mongoose.createConnection(database.uri, { dbName: database.dbName }).asPromise();
    roles = connection.model(StaffRole.name, StaffRoleSchema) as unknown as Model<StaffRole>;
    await roles.init();
    rolesElsewhere = collectionOf(elsewhere);
    rights = new StaffRightsService(roles);
  });
  afterAll(async () => {
    await connection?.close();
    await elsewhere?.close();
    await database?.stop();
  });

  const staff = async (role: 'manager' | 'hq', communityIds: string[] = []) => {
    const memberId = new Types.ObjectId();
    await roles.create({ memberId, role, communityIds, storeIds: [] });
    return memberId;
  };

  it('answers null for a member without a role and for an id that is not one', async () => {
    expect(await rights.of(new Types.ObjectId().toHexString())).toBeNull();
    expect(await rights.of('not-an-id')).toBeNull();
  });

  it('sees a revocation, a narrowed scope and a promotion made by another process at the next request', async () => {
    const memberId = await staff('manager', ['c1', 'c2']);
    const id = memberId.toHexString();
    expect(await rights.of(id)).toEqual({ role: 'manager', communityIds: ['c1', 'c2'], storeIds: [] });
    await rolesElsewhere.updateOne({ memberId }, { $pull: { communityIds: 'c1' } });
    expect((await rights.of(id))?.communityIds).toEqual(['c2']);
    await rolesElsewhere.updateOne({ memberId }, { $set: { role: 'hq' } });
    expect((await rights.of(id))?.role).toBe('hq');
    await rolesElsewhere.deleteOne({ memberId });
    expect(await rights.of(id)).toBeNull();
    await rolesElsewhere.insertOne({ memberId, role: 'hq', communityIds: [], storeIds: [] });
    expect((await rights.of(id))?.role).toBe('hq');
  });

  it('does not see a change before its transaction commits, and sees it right after', async () => {
    const memberId = await staff('manager', ['c1']);
    const id = memberId.toHexString();
    await runInTransaction(connection, async (session) => {
      await roles.updateOne({ memberId }, { $pull: { communityIds: 'c1' } }, { session });
      expect((await rights.of(id))?.communityIds).toEqual(['c1']);
    });
    expect((await rights.of(id))?.communityIds).toEqual([]);
  });
});

function collectionOf(connection: Connection) {
  return connection.collection<{ memberId: Types.ObjectId; role: string; communityIds: string[]; storeIds: string[] }>(
    'staff_roles',
  );
}
