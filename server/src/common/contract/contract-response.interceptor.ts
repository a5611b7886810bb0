import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { EndpointContract } from '@memberloop/shared';
import { map, type Observable } from 'rxjs';
import { ENDPOINT_CONTRACT } from './endpoint.decorator';

/**
 * Serialises every contract endpoint's result through its response schema: unknown fields are dropped
 * (nothing internal leaks by accident) and a result that breaks the contract fails loudly as a 500.
 */
@Injectable()
export class ContractResponseInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const contract = this.reflector.get<EndpointContract | undefined>(ENDPOINT_CONTRACT, ctx.getHandler());
    if (!contract) return next.handle();
    return next.handle().pipe(map((result: unknown) => contract.response.parse(result)));
  }
}
