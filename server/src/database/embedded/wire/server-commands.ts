/** The commands the wire layer answers itself: handshake, diagnostics and the replica-set view of one node. */
import { Long, type ObjectId, type Timestamp } from 'bson';
import type { Document } from '../contracts';
import { commandError } from '../errors';

export const MAX_BSON_OBJECT_SIZE = 16 * 1024 * 1024;
export const MAX_MESSAGE_SIZE_BYTES = 48_000_000;
export const MAX_WRITE_BATCH_SIZE = 100_000;

export interface ServerIdentity {
  host: string;
  port: number;
  setName: string;
  electionId: ObjectId;
  processId: ObjectId;
  startedAt: Date;
  connections: () => { current: number; totalCreated: number };
  operationTime: () => Timestamp;
}

export type ServerCommand = (command: Document, connectionId: number, identity: ServerIdentity) => Document;

function hello(legacy: boolean): ServerCommand {
  return (_command, connectionId, identity) => {
    const me = `${identity.host}:${identity.port}`;
    const opTime = { ts: identity.operationTime(), t: Long.fromNumber(1) };
    return {
      ...(legacy ? { ismaster: true } : { isWritablePrimary: true }),
      helloOk: true,
      topologyVersion: { processId: identity.processId, counter: Long.fromNumber(0) },
      hosts: [me],
      setName: identity.setName,
      setVersion: 1,
      secondary: false,
      primary: me,
      me,
      electionId: identity.electionId,
      lastWrite: { opTime, lastWriteDate: new Date(), majorityOpTime: opTime, majorityWriteDate: new Date() },
      maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
      maxMessageSizeBytes: MAX_MESSAGE_SIZE_BYTES,
      maxWriteBatchSize: MAX_WRITE_BATCH_SIZE,
      localTime: new Date(),
      logicalSessionTimeoutMinutes: 30,
      connectionId,
      minWireVersion: 0,
      maxWireVersion: 21,
      readOnly: false,
    };
  };
}

const VERSION = '7.0.0';

export const SERVER_COMMANDS: Record<string, ServerCommand> = {
  hello: hello(false),
  isMaster: hello(true),
  ismaster: hello(true),
  ping: () => ({}),
  buildInfo: () => ({
    version: VERSION,
    gitVersion: 'memberloop-embedded',
    versionArray: [7, 0, 0, 0],
    bits: 64,
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    storageEngines: ['memberloop'],
    modules: [],
  }),
  buildinfo: () => SERVER_COMMANDS.buildInfo({}, 0, undefined as never),
  getParameter: (command) => {
    const known: Document = {
      featureCompatibilityVersion: { version: '7.0' },
      transactionLifetimeLimitSeconds: 60,
      maxTransactionLockRequestTimeoutMillis: 5,
    };
    if (command.getParameter === '*') return known;
    return Object.fromEntries(
      Object.keys(command)
        .filter((k) => k in known)
        .map((k) => [k, known[k]]),
    );
  },
  serverStatus: (_command, _connectionId, identity) => ({
    host: `${identity.host}:${identity.port}`,
    version: VERSION,
    process: 'memberloop-embedded',
    pid: Long.fromNumber(process.pid),
    uptime: Math.floor((Date.now() - identity.startedAt.getTime()) / 1000),
    uptimeMillis: Long.fromNumber(Date.now() - identity.startedAt.getTime()),
    localTime: new Date(),
    connections: {
      current: identity.connections().current,
      available: 10_000,
      totalCreated: identity.connections().totalCreated,
    },
    mem: { resident: Math.round(process.memoryUsage().rss / 2 ** 20), virtual: 0 },
  }),
  hostInfo: (_command, _connectionId, identity) => ({
    system: { hostname: identity.host, currentTime: new Date() },
    os: { type: process.platform },
  }),
  whatsmyuri: () => ({ you: '127.0.0.1:0' }),
  getCmdLineOpts: () => ({ argv: ['memberloop-embedded'], parsed: {} }),
  getLog: () => ({ totalLinesWritten: 0, log: [] }),
  connectionStatus: () => ({ authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] } }),
  logout: () => ({}),
  getFreeMonitoringStatus: () => ({ state: 'disabled' }),
  listCommands: () => ({ commands: {} }),
  replSetGetStatus: (_command, _connectionId, identity) => ({
    set: identity.setName,
    date: new Date(),
    myState: 1,
    members: [{ _id: 0, name: `${identity.host}:${identity.port}`, health: 1, state: 1, stateStr: 'PRIMARY', self: true }],
  }),
  saslStart: () => {
    throw commandError(
      'BadValue',
      'Authentication is not enabled on the embedded engine: connect without credentials (it listens on loopback only).',
    );
  },
  authenticate: () => SERVER_COMMANDS.saslStart({}, 0, undefined as never),
};
