/** The embedded engine's TCP server: framing, handshake and admin commands, and dispatch to the data commands. */
import { createServer, type Server, type Socket } from 'node:net';
import { Binary, Long, ObjectId, Timestamp } from 'bson';
import type { ClientConnection, CommandService, Document } from '../contracts';
import { commandError, ErrorCode, MongoCommandError } from '../errors';
import {
  encodeOpMsg,
  encodeOpReply,
  FrameReader,
  FrameTooLargeError,
  MSG_EXHAUST_ALLOWED,
  MSG_MORE_TO_COME,
  OP_MSG,
  OP_QUERY,
  parseOpMsg,
  parseOpQuery,
  type Frame,
} from './messages';
import { MAX_MESSAGE_SIZE_BYTES, SERVER_COMMANDS, type ServerIdentity } from './server-commands';

export interface WireServerOptions {
  host: string;
  port: number;
  replSetName: string;
  commands: CommandService;
  /** Grows with every commit: operationTime and $clusterTime never go backwards. */
  commitCounter: () => number;
  log?: (message: string) => void;
}

export interface WireServer {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

const ZERO_SIGNATURE = { hash: new Binary(Buffer.alloc(20)), keyId: Long.fromNumber(0) };

export async function startWireServer(options: WireServerOptions): Promise<WireServer> {
  const sockets = new Map<Socket, ClientConnection>();
  const pendingHellos = new Set<() => void>();
  const epochSeconds = Math.floor(Date.now() / 1000);
  let totalCreated = 0;
  let nextRequestId = 1;
  let closing = false;

  const identity: ServerIdentity = {
    host: options.host,
    port: 0,
    setName: options.replSetName,
    electionId: new ObjectId('7fffffff0000000000000001'),
    processId: new ObjectId(),
    startedAt: new Date(),
    connections: () => ({ current: sockets.size, totalCreated }),
    // Seconds since start-up plus the commit counter as the increment: monotonic and unique per commit.
    operationTime: () => new Timestamp({ t: epochSeconds, i: options.commitCounter() + 1 }),
  };

  function withClusterTime(reply: Document): Document {
    const time = identity.operationTime();
    return { ...reply, $clusterTime: { clusterTime: time, signature: ZERO_SIGNATURE }, operationTime: time };
  }

  async function execute(db: string, command: Document, connection: ClientConnection): Promise<Document> {
    const name = Object.keys(command)[0];
    try {
      if (name === undefined) throw commandError('FailedToParse', 'empty command');
      const serverCommand = SERVER_COMMANDS[name];
      if (serverCommand) return withClusterTime({ ...serverCommand(command, connection.id, identity), ok: 1 });
      if (!options.commands.handles(name)) throw new MongoCommandError(ErrorCode.CommandNotFound, `no such command: '${name}'`);
      return withClusterTime({ ...(await options.commands.run({ db, command, connection })), ok: 1 });
    } catch (error) {
      if (error instanceof MongoCommandError) return withClusterTime(error.toReply());
      options.log?.(`internal error in '${name}': ${error instanceof Error ? error.stack : String(error)}`);
      return withClusterTime({
        ok: 0,
        errmsg: 'internal error in the embedded engine',
        code: ErrorCode.InternalError,
        codeName: 'InternalError',
      });
    }
  }

  /** An awaitable hello (topologyVersion + maxAwaitTimeMS) is answered when the wait is over, as mongod does. */
  function awaitTopologyChange(command: Document): Promise<void> {
    const wait = Number(command.maxAwaitTimeMS);
    if (!command.topologyVersion || !Number.isFinite(wait) || wait <= 0 || closing) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        pendingHellos.delete(done);
        resolve();
      };
      const timer = setTimeout(done, wait);
      pendingHellos.add(done);
    });
  }

  /**
   * The streaming monitor protocol: a hello that allows exhaust is answered every maxAwaitTimeMS with
   * moreToCome set, each reply answering the one before, until the client hangs up (as mongod 4.4+ does).
   */
  function streamHellos(socket: Socket, db: string, command: Document, connection: ClientConnection, requestId: number): void {
    let responseTo = requestId;
    const next = async (): Promise<void> => {
      await awaitTopologyChange(command);
      if (socket.destroyed || closing) return;
      const reply = await execute(db, command, connection);
      const id = nextRequestId++;
      socket.write(encodeOpMsg(id, responseTo, reply, MSG_MORE_TO_COME));
      responseTo = id;
      void next();
    };
    void next();
  }

  function handleFrame(socket: Socket, connection: ClientConnection, frame: Frame, queue: { tail: Promise<void> }): void {
    if (frame.opCode === OP_MSG) {
      const { flags, command } = parseOpMsg(frame.body);
      const db = typeof command.$db === 'string' ? command.$db : 'admin';
      const respond = async () => {
        const reply = await execute(db, command, connection);
        if (!(flags & MSG_MORE_TO_COME) && !socket.destroyed) socket.write(encodeOpMsg(nextRequestId++, frame.requestId, reply));
      };
      const name = Object.keys(command)[0];
      if ((name === 'hello' || name === 'isMaster' || name === 'ismaster') && command.topologyVersion) {
        // Monitoring connections only ever carry hellos: holding one back must not hold up anything else.
        if (flags & MSG_EXHAUST_ALLOWED) streamHellos(socket, db, command, connection, frame.requestId);
        else void awaitTopologyChange(command).then(respond);
        return;
      }
      // Replies on one connection go out in request order.
      queue.tail = queue.tail.then(respond);
      return;
    }
    if (frame.opCode === OP_QUERY) {
      const { collection, query } = parseOpQuery(frame.body);
      const command = (query.$query as Document | undefined) ?? query;
      const name = Object.keys(command)[0];
      queue.tail = queue.tail.then(async () => {
        const reply =
          name === 'isMaster' || name === 'ismaster' || name === 'hello'
            ? await execute(collection.split('.')[0], command, connection)
            : withClusterTime(
                commandError('IllegalOperation', 'Legacy OP_QUERY is only supported for the handshake: use OP_MSG').toReply(),
              );
        if (!socket.destroyed) socket.write(encodeOpReply(nextRequestId++, frame.requestId, reply));
      });
      return;
    }
    // OP_COMPRESSED and the removed legacy opcodes: mongod 6+ closes the connection.
    options.log?.(`closing connection ${connection.id}: unsupported opCode ${frame.opCode}`);
    socket.destroy();
  }

  const server: Server = createServer((socket) => {
    totalCreated += 1;
    const connection: ClientConnection = { id: totalCreated, remoteAddress: `${socket.remoteAddress}:${socket.remotePort}` };
    sockets.set(socket, connection);
    socket.setNoDelay(true);
    const reader = new FrameReader(MAX_MESSAGE_SIZE_BYTES);
    const queue = { tail: Promise.resolve() };
    socket.on('data', (chunk: Buffer) => {
      try {
        for (const frame of reader.push(chunk)) handleFrame(socket, connection, frame, queue);
      } catch (error) {
        options.log?.(
          `closing connection ${connection.id}: ${error instanceof FrameTooLargeError ? error.message : `malformed message (${(error as Error).message})`}`,
        );
        socket.destroy();
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      sockets.delete(socket);
      options.commands.connectionClosed(connection);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the embedded engine is not listening on a TCP port');
  identity.port = address.port;

  return {
    host: options.host,
    port: address.port,
    async close() {
      closing = true;
      for (const release of [...pendingHellos]) release();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets.keys()) socket.destroy();
      });
    },
  };
}
