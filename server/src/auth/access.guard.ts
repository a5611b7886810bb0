import { type CanActivate, type ExecutionContext, Injectable, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { EndpointContract } from '@memberloop/shared';
import type { FastifyRequest } from 'fastify';
import { ENDPOINT_CONTRACT } from '../common/contract/endpoint.decorator';
import { AppError } from '../common/errors/app-error';
import { AuthService } from './auth.service';
import type { Principal } from './principal';

type AuthenticatedRequest = FastifyRequest & { principal?: Principal };

/**
 * Who may call each endpoint comes from its contract (`auth`): one place decides, for every route.
 * Members need a valid access token; manager endpoints a manager or HQ; HQ endpoints HQ. Integration
 * endpoints are checked by their signature guard.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const contract = this.reflector.get<EndpointContract | undefined>(ENDPOINT_CONTRACT, context.getHandler());
    if (!contract || contract.auth === 'public' || contract.auth === 'integration') return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (!token) throw new AppError('UNAUTHENTICATED', 'Sign in first: send the access token as "Authorization: Bearer <token>".');
    const principal = await this.auth.accessTokens.verify(token);
    if (contract.auth === 'manager' && !(principal.kind === 'staff'))
      throw new AppError('FORBIDDEN', 'Only community managers and HQ may do this.');
    if (contract.auth === 'hq' && !(principal.kind === 'staff' && principal.role === 'hq'))
      throw new AppError('FORBIDDEN', 'Only HQ may do this.');
    request.principal = principal;
    return true;
  }
}

/** The signed-in caller of an endpoint whose contract requires authentication. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on an endpoint without authentication');
  return principal;
});
