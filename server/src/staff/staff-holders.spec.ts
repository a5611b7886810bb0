import mongoose, { type Connection, type Model, Types } from 'mongoose';
import { startTestDatabase, type TestDatabase } from '../../test/support/test-database';
import { runInTransaction } from '../database/transactions';
import { StaffRole, StaffRoleSchema } from './schemas/staff-role.schema';
import { STAFF_HOLDERS_REFRESH_MS, StaffHolders } from './staff-holders';
import { StaffRoleStore } from './staff-role.store';

describe('the member card’s staff role: no read for members without one, a revocation seen at once', () => {
  let database: TestDatabase;
  let connection: Connection;
  /** Another process's connection (the hq command, a second server): nothing of ours runs on its writes. */
  let elsewhere: Connection;
  let roles: Model<StaffRole>;
  let holders: StaffHolders;
  let store: StaffRoleStore;
  let clock = 0;

  beforeAll(async () => {
    database = await startTestDatabase();
    connection = await mongoose.createConnection(database.uri, { dbName: database.dbName }).asPromise();
    elsewhere = await mongoose.createConnection(database.uri, { dbName: database.dbName }).asPromise();
    roles = connection.model(StaffRole.name, StaffRoleSchema) as unknown as Model<StaffRole>;
    await roles.init();
  });
  beforeEach(() => {
    jest.spyOn(performance, 'now').mockImplementation(() => clock);
    holders = new StaffHolders(roles);
    store = new StaffRoleStore(roles, holders);
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => {
    await connection?.close();
    await elsewhere?.close();
    await database?.stop();
  });

  const rolesElsewhere = () => elsewhere.db!.collection('staff_roles');
  /** Counts the reads of staff_roles made through this process's connection from now on. */
  const readsOfRoles = () => {
    const findOne = jest.spyOn(roles.collection, 'findOne');
    const find = jest.spyOn(roles.collection, 'find');
    return () => findOne.mock.calls.length + find.mock.calls.length;
  };

  it('reads nothing per card for members without a role, once the list of holders is read', async () => {
    const manager = new Types.ObjectId();
    await rolesElsewhere().insertOne({ memberId: manager, role: 'manager', communityIds: [], storeIds: [] });
    expect(await store.roleNameOf(new Types.ObjectId())).toBeUndefined();
    const reads = readsOfRoles();
    for (let i = 0; i < 20; i++) expect(await store.roleNameOf(new Types.ObjectId())).toBeUndefined();
    expect(reads()).toBe(0);
    expect(await store.roleNameOf(manager)).toBe('manager');
    expect(reads()).toBe(1);
  });

  it('shows a revocation and a change of role made by another process at the very next card', async () => {
    const manager = new Types.ObjectId();
    await rolesElsewhere().insertOne({ memberId: manager, role: 'manager', communityIds: ['c1'], storeIds: [] });
    expect(await store.roleNameOf(manager)).toBe('manager');
    await rolesElsewhere().updateOne({ memberId: manager }, { $set: { role: 'hq' } });
    expect(await store.roleNameOf(manager)).toBe('hq');
    await rolesElsewhere().deleteOne({ memberId: manager });
    expect(await store.roleNameOf(manager)).toBeUndefined();
  });

  it('shows a grant made in this process at once, even one committed while the list was being read', async () => {
    const granted = new Types.ObjectId();
    expect(await store.roleNameOf(granted)).toBeUndefined();
    expect(await store.createRoleIfAbsent(granted, 'manager', [])).toBe(true);
    expect(await store.roleNameOf(granted)).toBe('manager');

    const late = new Types.ObjectId();
    clock += STAFF_HOLDERS_REFRESH_MS;
    await runInTransaction(connection, async (session) => {
      // The list is read again (it is stale) before the grant commits: the read cannot see it.
      const reading = store.roleNameOf(new Types.ObjectId());
      await store.addManagedCommunity(late, 'c9', session);
      await reading;
    });
    expect(await store.roleNameOf(late)).toBe('manager');
  });

  it('shows a role written through the model in this process, by any code, at the next card', async () => {
    const member = new Types.ObjectId();
    expect(await store.roleNameOf(member)).toBeUndefined();
    await roles.updateOne({ memberId: member }, { $set: { role: 'manager', communityIds: [], storeIds: [] } }, { upsert: true });
    expect(await store.roleNameOf(member)).toBe('manager');
    const other = new Types.ObjectId();
    expect(await store.roleNameOf(other)).toBeUndefined();
    await roles.create({ memberId: other, role: 'hq', communityIds: [], storeIds: [] });
    expect(await store.roleNameOf(other)).toBe('hq');
  });

  it('shows a grant made by another process once the list is read again, within STAFF_HOLDERS_REFRESH_MS', async () => {
    const member = new Types.ObjectId();
    expect(await store.roleNameOf(member)).toBeUndefined();
    await rolesElsewhere().insertOne({ memberId: member, role: 'hq', communityIds: [], storeIds: [] });
    clock += STAFF_HOLDERS_REFRESH_MS - 1;
    expect(await store.roleNameOf(member)).toBeUndefined();
    clock += 1;
    expect(await store.roleNameOf(member)).toBe('hq');
  });

  it('reads the list once for many cards asking at the same time', async () => {
    clock += STAFF_HOLDERS_REFRESH_MS;
    const reads = readsOfRoles();
    await Promise.all(Array.from({ length: 10 }, () => holders.mayHold(new Types.ObjectId())));
    expect(reads()).toBe(1);
  });
});
