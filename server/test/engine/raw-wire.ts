/**
 * A bare OP_MSG client for the few checks where the driver would not send what the test needs (the same
 * lsid + txnNumber twice, as a retry after a lost reply would). Speaks to any MongoDB server.
 */
import { connect, type Socket } from 'node:net';
import { BSON, type Document } from 'bson';

export class RawWireClient {
  private buffered = Buffer.alloc(0);
  private waiting: ((reply: Document) => void) | undefined;
  private requestId = 1;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      if (this.buffered.length < 4) return;
      const length = this.buffered.readInt32LE(0);
      if (this.buffered.length < length) return;
      const frame = this.buffered.subarray(0, length);
      this.buffered = this.buffered.subarray(length);
      // header (16) + flagBits (4) + section kind 0 (1) + the reply document
      const reply = BSON.deserialize(frame.subarray(21), { promoteLongs: false });
      this.waiting?.(reply);
    });
  }

  static async connect(uri: string): Promise<RawWireClient> {
    const { hostname, port } = new URL(uri);
    const socket = connect({ host: hostname, port: Number(port) });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new RawWireClient(socket);
  }

  command(command: Document): Promise<Document> {
    const body = BSON.serialize(command);
    const header = Buffer.alloc(21);
    header.writeInt32LE(21 + body.length, 0);
    header.writeInt32LE(this.requestId++, 4);
    header.writeInt32LE(0, 8);
    header.writeInt32LE(2013, 12); // OP_MSG; flagBits 0, section kind 0
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.socket.write(Buffer.concat([header, body]));
    });
  }

  close(): void {
    this.socket.destroy();
  }
}
