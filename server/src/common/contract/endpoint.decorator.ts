import { applyDecorators, Delete, Get, HttpCode, Patch, Post, Put, SetMetadata } from '@nestjs/common';
import {
  ApiBody,
  ApiExtension,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiResponse,
  ApiTags,
  ApiBearerAuth,
  ApiSecurity,
} from '@nestjs/swagger';
import type { EndpointContract } from '@memberloop/shared';
import { z } from 'zod';
import { openApiSchema } from './openapi-schema';

export const ENDPOINT_CONTRACT = Symbol('memberloop:endpoint-contract');

const ROUTE = { GET: Get, POST: Post, PUT: Put, PATCH: Patch, DELETE: Delete } as const;

/**
 * Binds a controller method to an endpoint of the shared contract: the route, its OpenAPI description,
 * and the schemas `@ContractBody()` / `@ContractQuery()` / `@ContractParams()` validate against and the
 * response is serialised through (so a field the contract does not name is never sent).
 */
export function Endpoint(contract: EndpointContract): MethodDecorator {
  const status = contract.successStatus ?? (contract.method === 'POST' ? 201 : 200);
  const decorators: Array<MethodDecorator | ClassDecorator> = [
    SetMetadata(ENDPOINT_CONTRACT, contract),
    ROUTE[contract.method](contract.path),
    HttpCode(status),
    ApiTags(contract.tag),
    ApiOperation({ summary: contract.summary }),
    // Who may call it, for API clients and the access-control suite that walks the document.
    ApiExtension('x-auth', contract.auth),
    ApiResponse({ status, schema: openApiSchema(contract.response, 'output') }),
    ApiResponse({ status: 400, description: 'Invalid input (code VALIDATION_FAILED or MALFORMED_REQUEST)' }),
  ];
  if (contract.auth === 'integration') decorators.push(ApiSecurity('integration-signature'));
  else if (contract.auth !== 'public') decorators.push(ApiBearerAuth());
  if (contract.body) decorators.push(ApiBody({ schema: openApiSchema(contract.body, 'input') }));
  for (const [name, schema, required] of objectFields(contract.query)) {
    decorators.push(ApiQuery({ name, required, schema: openApiSchema(schema, 'input') }));
  }
  for (const [name, schema] of objectFields(contract.params)) {
    decorators.push(ApiParam({ name, required: true, schema: openApiSchema(schema, 'input') }));
  }
  return applyDecorators(...decorators);
}

function objectFields(schema: z.ZodType | undefined): Array<[string, z.ZodType, boolean]> {
  if (!(schema instanceof z.ZodObject)) return [];
  return Object.entries(schema.shape as Record<string, z.ZodType>).map(([name, field]) => [
    name,
    field,
    !field.safeParse(undefined).success,
  ]);
}
