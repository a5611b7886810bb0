import { createHash } from 'node:crypto';
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectConnection } from '@nestjs/mongoose';
import type { EndpointContract } from '@memberloop/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Connection, Model } from 'mongoose';
import { from, lastValueFrom, type Observable } from 'rxjs';
import type { Principal } from '../auth/principal';
import { Clock } from '../clock/clock';
import { validateRequestPart } from '../contract/contract-params';
import { ENDPOINT_CONTRACT } from '../contract/endpoint.decorator';
import { AppError } from '../errors/app-error';
import { requireIdempotencyKey } from '../idempotency-key';
import { IdempotentRequest, IdempotentRequestSchema } from './idempotent-request.schema';
import { IdempotentRequests, jsonCopy, replayAnswer } from './idempotent-requests';
import { stableJson } from './stable-json';

export const IDEMPOTENCY = Symbol('memberloop:idempotency');

export interface IdempotencyOptions {
  /** `optional`: a request without the header runs as it is (older clients, dry runs). */
  key: 'required' | 'optional';
  /** What a retry does once, for the error message: "claims", "sends". */
  what: string;
}

export const idempotencyOptions = (options: IdempotencyOptions) => SetMetadata(IDEMPOTENCY, options);

type KeyedRequest = FastifyRequest & { principal?: Principal };

/**
 * Applies the Idempotency-Key to an endpoint (through `@Idempotent()`): one copy of a keyed request runs, the
 * others wait for its answer or get IDEMPOTENCY_KEY_IN_PROGRESS, and later retries get the kept answer.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly requests: IdempotentRequests;

  constructor(
    @InjectConnection() connection: Connection,
    clock: Clock,
    private readonly reflector: Reflector,
  ) {
    // Registered once on the shared connection, whichever feature module makes this interceptor first.
    const model = (connection.models[IdempotentRequest.name] ??
      connection.model(IdempotentRequest.name, IdempotentRequestSchema)) as unknown as Model<IdempotentRequest>;
    this.requests = new IdempotentRequests(model, clock);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return from(this.handle(context, next));
  }

  private async handle(context: ExecutionContext, next: CallHandler): Promise<unknown> {
    const options = this.reflector.get<IdempotencyOptions>(IDEMPOTENCY, context.getHandler());
    const contract = this.reflector.get<EndpointContract>(ENDPOINT_CONTRACT, context.getHandler());
    const request = context.switchToHttp().getRequest<KeyedRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const header = request.headers['idempotency-key'];
    if (header === undefined && options.key === 'optional') return lastValueFrom(next.handle());
    const key = requireIdempotencyKey(Array.isArray(header) ? header.join(',') : header, options.what);
    // Refused input is answered as such and binds nothing to the key.
    for (const part of ['params', 'query', 'body'] as const) validateRequestPart(part, contract[part], request[part]);

    const scope = { caller: callerOf(request), endpoint: `${contract.method} ${contract.path}`, key };
    const entered = await this.requests.enter(scope, fingerprintOf(request)).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'IDEMPOTENCY_KEY_IN_PROGRESS') void reply.header('retry-after', '1');
      throw error;
    });
    if (entered.kind === 'replay') {
      void reply.header('idempotent-replayed', 'true');
      return replayAnswer(entered.answer);
    }
    return this.requests.run(entered, async () => {
      const result = await lastValueFrom(next.handle());
      return { result, answer: { kind: 'success', body: jsonCopy(contract.response.parse(result)) } };
    });
  }
}

function callerOf(request: KeyedRequest): string {
  const principal = request.principal;
  if (!principal) return `ip:${request.ip}`;
  return principal.kind === 'integration' ? `integration:${principal.integrationId}` : `member:${principal.memberId}`;
}

/** What makes two requests the same request: their path parameters, query and body (key order aside). */
function fingerprintOf(request: KeyedRequest): string {
  return createHash('sha256')
    .update(stableJson({ params: request.params ?? {}, query: request.query ?? {}, body: request.body ?? null }))
    .digest('hex');
}
