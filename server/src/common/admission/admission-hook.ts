import type { ApiErrorBody } from '@memberloop/shared';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AdmissionGate, type AdmissionLimits } from './admission-gate';

/** Seconds a refused client is told to wait: long enough for the queue to drain, short enough to feel live. */
export const RETRY_AFTER_SECONDS = 1;

/** The API is gated; the H5 files, the API docs and the health check are not (a load balancer must still see it). */
function isGated(url: string): boolean {
  return url.startsWith('/api/') && !url.startsWith('/api/docs');
}

/**
 * Puts every API request through one AdmissionGate per process (see there). A refused one gets
 * 503 SERVER_BUSY with Retry-After at once, before any guard or handler runs.
 *
 * A request asks for its place once its body has arrived (preValidation), not when its headers do: a client that
 * sends slowly (or an attacker holding many connections open) then holds no place, so it cannot shut others out.
 * When every place and the whole queue are taken as its headers arrive, it is refused there and then, its body
 * never parsed: under a flood, refusing costs the process as little as it can.
 */
export function registerAdmission(fastify: FastifyInstance, limits: AdmissionLimits): AdmissionGate {
  const gate = new AdmissionGate(limits);
  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (isGated(request.url) && gate.refuseIfFull()) return refuse(reply);
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
    return refuse(reply);
  });
  return gate;
}

function refuse(reply: FastifyReply): FastifyReply {
  const body: ApiErrorBody = {
    code: 'SERVER_BUSY',
    message: `The server is at capacity: retry in ${RETRY_AFTER_SECONDS} s (nothing of this request was done).`,
  };
  return reply
    .status(503)
    .header('retry-after', String(RETRY_AFTER_SECONDS))
    .header('content-type', 'application/json; charset=utf-8')
    .send(body);
}
