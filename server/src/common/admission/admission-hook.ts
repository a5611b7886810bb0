import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { ApiErrorBody } from '@memberloop/shared';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AdmissionGate, type AdmissionLimits } from './admission-gate';
import { RefusalPacer } from './refusal-pacer';

/** Seconds a refused client is told to wait: long enough for the queue to drain, short enough to feel live. */
export const RETRY_AFTER_SECONDS = 1;

/**
 * Refusals a second a process sends at once before it paces the connections that ignore their Retry-After (see
 * RefusalPacer). Under a flood the fast refusals settle about here (a connection back early while the rate is under
 * it is answered at once, over it is paced from then on): at a few hundredths of a millisecond each on the server
 * and a few tenths in a client that signs its requests, a few percent of a core. 200 tills honouring Retry-After
 * make a process refuse about 130 a second (the bench's burst), each at once.
 */
export const FAST_REFUSALS_PER_SECOND = 250;

/** The API is gated; the H5 files, the API docs and the health check are not (a load balancer must still see it). */
function isGated(url: string | undefined): boolean {
  return url !== undefined && url.startsWith('/api/') && !url.startsWith('/api/docs');
}

const BUSY_BODY = Buffer.from(
  JSON.stringify({
    code: 'SERVER_BUSY',
    message: `The server is at capacity: retry in ${RETRY_AFTER_SECONDS} s (nothing of this request was done).`,
  } satisfies ApiErrorBody),
);
const BUSY_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'content-length': String(BUSY_BODY.length),
  'retry-after': String(RETRY_AFTER_SECONDS),
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

export interface Admission {
  gate: AdmissionGate;
  pacer: RefusalPacer;
}

export interface AdmissionOptions {
  /** See FAST_REFUSALS_PER_SECOND. */
  fastRefusalsPerSecond?: number;
  /**
   * Told, every `reportEveryMs` in which the process shed any, how many requests it shed: a refusal is not logged
   * one by one (most never reach the request logger, and a line each would cost a flood's worth of writes).
   */
  report?: (message: string) => void;
  reportEveryMs?: number;
}

/**
 * Puts every API request through one AdmissionGate per process (see there). A refused one gets
 * 503 SERVER_BUSY with Retry-After, before any guard or handler runs.
 *
 * A request asks for its place once its body has arrived (preValidation), not when its headers do: a client that
 * sends slowly (or an attacker holding many connections open) then holds no place, so it cannot shut others out.
 *
 * When every place and the whole queue are taken as its headers arrive, it is refused there and then, its body
 * never read. Under a flood that is most requests, so this refusal is made as cheap as it can be: straight on the
 * Node request, before Fastify builds its request and reply, before Nest's middleware (the request logger) and
 * hooks, with a body serialised once. Only requests that carry an Origin header (a browser's) take Fastify's way,
 * refused in its first hook, after the CORS hook has given the refusal the headers a page needs to read it.
 *
 * Every refusal goes through the RefusalPacer: a connection that ignores its Retry-After during a flood has its
 * refusals held until that time has passed, so the flood costs the client its time, not the process its CPU.
 */
export function registerAdmission(fastify: FastifyInstance, limits: AdmissionLimits, options: AdmissionOptions = {}): Admission {
  const gate = new AdmissionGate(limits);
  const pacer = new RefusalPacer({
    retryAfterMs: RETRY_AFTER_SECONDS * 1000,
    fastRefusalsPerSecond: options.fastRefusalsPerSecond ?? FAST_REFUSALS_PER_SECOND,
  });
  if (options.report) reportShedding(fastify, gate, pacer, options.report, options.reportEveryMs ?? 10_000);
  refuseBeforeFastify(fastify.server, gate, pacer);
  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (isGated(request.url) && gate.refuseIfFull()) return refuse(request, reply, pacer);
  });
  fastify.addHook('preValidation', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!isGated(request.url)) return;
    const admission = await gate.enter((onGone) => reply.raw.once('close', onGone));
    if (admission.admitted) {
      // 'close' comes once the response is sent or the connection dropped, whichever happens.
      reply.raw.once('close', admission.release);
      return;
    }
    if (admission.reason === 'gone') return reply.hijack();
    return refuse(request, reply, pacer);
  });
  return { gate, pacer };
}

function reportShedding(
  fastify: FastifyInstance,
  gate: AdmissionGate,
  pacer: RefusalPacer,
  report: (message: string) => void,
  everyMs: number,
): void {
  let reported = { shed: 0, held: 0 };
  const timer = setInterval(() => {
    const now = { shed: gate.load.shed, held: pacer.held };
    if (now.shed > reported.shed)
      report(
        `Load shedding: ${now.shed - reported.shed} API requests refused in the last ${everyMs / 1000} s with 503 SERVER_BUSY ` +
          `(${now.held - reported.held} of them held until their Retry-After: their connections came back early), ` +
          `limit ${gate.limit} in flight`,
      );
    reported = now;
  }, everyMs);
  timer.unref();
  fastify.addHook('onClose', async () => clearInterval(timer));
}

/**
 * Puts the check for a full process in front of Fastify's own request listener on the Node server. Fastify attaches
 * exactly one listener as it creates the server; anything else means this no longer sits first, so it says so.
 */
function refuseBeforeFastify(server: Server, gate: AdmissionGate, pacer: RefusalPacer): void {
  const listeners = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  if (listeners.length !== 1) throw new Error(`admission: expected Fastify's one request listener, found ${listeners.length}`);
  const [fastifyHandler] = listeners;
  server.removeListener('request', fastifyHandler);
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (req.headers.origin === undefined && isGated(req.url) && gate.refuseIfFull()) sendRefusal(req, res, pacer);
    else fastifyHandler(req, res);
  });
}

function refuse(request: FastifyRequest, reply: FastifyReply, pacer: RefusalPacer): void {
  // Fastify's reply pipeline (serialisation, its send hooks) is skipped; headers a hook already set on the Node
  // response (CORS) stay.
  reply.hijack();
  sendRefusal(request.raw, reply.raw, pacer);
}

/** 503 SERVER_BUSY with Retry-After on the Node response: at once, or once the pacer's hold has passed. */
function sendRefusal(req: IncomingMessage, res: ServerResponse, pacer: RefusalPacer): void {
  const holdMs = pacer.holdFor(req.socket);
  if (holdMs <= 0) {
    res.writeHead(503, BUSY_HEADERS).end(BUSY_BODY);
    return;
  }
  const timer = setTimeout(() => {
    if (!res.destroyed) res.writeHead(503, BUSY_HEADERS).end(BUSY_BODY);
  }, holdMs);
  // A client that leaves while held takes nothing with it.
  res.once('close', () => clearTimeout(timer));
}
