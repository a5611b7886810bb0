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
  const connections = new WireConnections(options);
  const server: Server = createServer((socket) => connections.accept(socket));
  const port = await listen(server, options.port, options.host);
  connections.identity.port = port;
  return {
    host: options.host,
    port,
    close: () => connections.close(server),
  };
}

/** Listens on the host and port (0: any free one) and resolves with the port bound. */
async function listen(server: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the embedded engine is not listening on a TCP port');
  return address.port;
}

/** Replies on one connection go out in request order: each waits for the one before. */
interface ReplyQueue {
  tail: Promise<void>;
}

function isHello(name: string | undefined): boolean {
  return name === 'hello' || name === 'isMaster' || name === 'ismaster';
}

/** The open connections of one wire server: reading their frames, running the commands, writing the replies. */
class WireConnections {
  readonly identity: ServerIdentity;
  private readonly sockets = new Map<Socket, ClientConnection>();
  private readonly pendingHellos = new Set<() => void>();
  private totalCreated = 0;
  private nextRequestId = 1;
  private closing = false;

  constructor(private readonly options: WireServerOptions) {
    const epochSeconds = Math.floor(Date.now() / 1000);
    this.identity = {
      host: options.host,
      port: 0,
      setName: options.replSetName,
      electionId: new ObjectId('7fffffff0000000000000001'),
      processId: new ObjectId(),
      startedAt: new Date(),
      connections: () => ({ current: this.sockets.size, totalCreated: this.totalCreated }),
      // Seconds since start-up plus the commit counter as the increment: monotonic and unique per commit.
      operationTime: () => new Timestamp({ t: epochSeconds, i: options.commitCounter() + 1 }),
    };
  }

  accept(socket: Socket): void {
    this.totalCreated += 1;
    const connection: ClientConnection = {
      id: this.totalCreated,
      remoteAddress: `${socket.remoteAddress}:${socket.remotePort}`,
    };
    this.sockets.set(socket, connection);
    socket.setNoDelay(true);
    const reader = new FrameReader(MAX_MESSAGE_SIZE_BYTES);
    const queue: ReplyQueue = { tail: Promise.resolve() };
    socket.on('data', (chunk: Buffer) => this.receive(socket, connection, reader, queue, chunk));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      this.sockets.delete(socket);
      this.options.commands.connectionClosed(connection);
    });
  }

  async close(server: Server): Promise<void> {
    this.closing = true;
    for (const release of [...this.pendingHellos]) release();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of this.sockets.keys()) socket.destroy();
    });
  }

  /** A chunk off the socket: every frame it completes is handled; a frame too large or malformed closes the connection. */
  private receive(socket: Socket, connection: ClientConnection, reader: FrameReader, queue: ReplyQueue, chunk: Buffer): void {
    try {
      for (const frame of reader.push(chunk)) this.handleFrame(socket, connection, frame, queue);
    } catch (error) {
      this.options.log?.(
        `closing connection ${connection.id}: ${error instanceof FrameTooLargeError ? error.message : `malformed message (${(error as Error).message})`}`,
      );
      socket.destroy();
    }
  }

  private handleFrame(socket: Socket, connection: ClientConnection, frame: Frame, queue: ReplyQueue): void {
    if (frame.opCode === OP_MSG) return this.handleOpMsg(socket, connection, frame, queue);
    if (frame.opCode === OP_QUERY) return this.handleOpQuery(socket, connection, frame, queue);
    // OP_COMPRESSED and the removed legacy opcodes: mongod 6+ closes the connection.
    this.options.log?.(`closing connection ${connection.id}: unsupported opCode ${frame.opCode}`);
    socket.destroy();
  }

  private handleOpMsg(socket: Socket, connection: ClientConnection, frame: Frame, queue: ReplyQueue): void {
    const { flags, command } = parseOpMsg(frame.body);
    const db = typeof command.$db === 'string' ? command.$db : 'admin';
    const respond = async () => {
      const reply = await this.execute(db, command, connection);
      if (!(flags & MSG_MORE_TO_COME) && !socket.destroyed)
        socket.write(encodeOpMsg(this.nextRequestId++, frame.requestId, reply));
    };
    if (isHello(Object.keys(command)[0]) && command.topologyVersion) {
      // Monitoring connections only ever carry hellos: holding one back must not hold up anything else.
      if (flags & MSG_EXHAUST_ALLOWED) this.streamHellos(socket, db, command, connection, frame.requestId);
      else void this.awaitTopologyChange(command).then(respond);
      return;
    }
    queue.tail = queue.tail.then(respond);
  }

  /** Legacy OP_QUERY: only the driver's first handshake hello comes this way. */
  private handleOpQuery(socket: Socket, connection: ClientConnection, frame: Frame, queue: ReplyQueue): void {
    const { collection, query } = parseOpQuery(frame.body);
    const command = (query.$query as Document | undefined) ?? query;
    const name = Object.keys(command)[0];
    queue.tail = queue.tail.then(async () => {
      const reply = isHello(name)
        ? await this.execute(collection.split('.')[0], command, connection)
        : this.withClusterTime(
            commandError('IllegalOperation', 'Legacy OP_QUERY is only supported for the handshake: use OP_MSG').toReply(),
          );
      if (!socket.destroyed) socket.write(encodeOpReply(this.nextRequestId++, frame.requestId, reply));
    });
  }

  /** Runs one command (server commands here, data commands in the command service); failures become error replies. */
  private async execute(db: string, command: Document, connection: ClientConnection): Promise<Document> {
    const name = Object.keys(command)[0];
    try {
      if (name === undefined) throw commandError('FailedToParse', 'empty command');
      const serverCommand = SERVER_COMMANDS[name];
      if (serverCommand) return this.withClusterTime({ ...serverCommand(command, connection.id, this.identity), ok: 1 });
      if (!this.options.commands.handles(name))
        throw new MongoCommandError(ErrorCode.CommandNotFound, `no such command: '${name}'`);
      return this.withClusterTime({ ...(await this.options.commands.run({ db, command, connection })), ok: 1 });
    } catch (error) {
      return this.errorReply(name, error);
    }
  }

  /** A command error as mongod reports it; anything else is logged and answered without internals. */
  private errorReply(name: string | undefined, error: unknown): Document {
    if (error instanceof MongoCommandError) return this.withClusterTime(error.toReply());
    this.options.log?.(`internal error in '${name}': ${error instanceof Error ? error.stack : String(error)}`);
    return this.withClusterTime({
      ok: 0,
      errmsg: 'internal error in the embedded engine',
      code: ErrorCode.InternalError,
      codeName: 'InternalError',
    });
  }

  private withClusterTime(reply: Document): Document {
    const time = this.identity.operationTime();
    return { ...reply, $clusterTime: { clusterTime: time, signature: ZERO_SIGNATURE }, operationTime: time };
  }

  /** An awaitable hello (topologyVersion + maxAwaitTimeMS) is answered when the wait is over, as mongod does. */
  private awaitTopologyChange(command: Document): Promise<void> {
    const wait = Number(command.maxAwaitTimeMS);
    if (!command.topologyVersion || !Number.isFinite(wait) || wait <= 0 || this.closing) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.pendingHellos.delete(done);
        resolve();
      };
      const timer = setTimeout(done, wait);
      this.pendingHellos.add(done);
    });
  }

  /**
   * The streaming monitor protocol: a hello that allows exhaust is answered every maxAwaitTimeMS with
   * moreToCome set, each reply answering the one before, until the client hangs up (as mongod 4.4+ does).
   */
  private streamHellos(socket: Socket, db: string, command: Document, connection: ClientConnection, requestId: number): void {
    let responseTo = requestId;
    const next = async (): Promise<void> => {
      await this.awaitTopologyChange(command);
      if (socket.destroyed || this.closing) return;
      const reply = await this.execute(db, command, connection);
      const id = this.nextRequestId++;
      socket.write(encodeOpMsg(id, responseTo, reply, MSG_MORE_TO_COME));
      responseTo = id;
      void next();
    };
    void next();
  }
}
