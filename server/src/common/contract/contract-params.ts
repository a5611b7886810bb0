import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { EndpointContract, FieldIssue } from '@memberloop/shared';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { AppError } from '../errors/app-error';
import { ENDPOINT_CONTRACT } from './endpoint.decorator';

type RequestPart = 'body' | 'query' | 'params';

function contractOf(ctx: ExecutionContext): EndpointContract {
  const contract = Reflect.getMetadata(ENDPOINT_CONTRACT, ctx.getHandler()) as EndpointContract | undefined;
  if (!contract) throw new Error(`${ctx.getClass().name}.${ctx.getHandler().name} uses a contract parameter without @Endpoint()`);
  return contract;
}

/** Validates one part of the request against the endpoint's contract; a rejected request changes nothing. */
export function validateRequestPart(part: RequestPart, schema: z.ZodType | undefined, value: unknown): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value ?? (part === 'body' ? undefined : {}));
  if (result.success) return result.data;
  const issues: FieldIssue[] = result.error.issues.map((issue) => ({
    path: [part, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  const first = issues[0];
  throw new AppError('VALIDATION_FAILED', `Invalid request: ${first.path}: ${first.message}`, { issues });
}

function contractPart(part: RequestPart) {
  return createParamDecorator((_data: unknown, ctx: ExecutionContext) => {
    const request = ctx.switchToHttp().getRequest<FastifyRequest>();
    return validateRequestPart(part, contractOf(ctx)[part], request[part]);
  });
}

/** The request body, parsed by the endpoint's `body` schema. */
export const ContractBody = contractPart('body');
/** The query string, parsed by the endpoint's `query` schema. */
export const ContractQuery = contractPart('query');
/** The path parameters, parsed by the endpoint's `params` schema. */
export const ContractParams = contractPart('params');
