import { type CanActivate, type ExecutionContext, Inject, Injectable, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { EndpointContract } from '@memberloop/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { InjectConnection } from '@nestjs/mongoose';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Connection } from 'mongoose';
import { appConfig, type AppConfig } from '../../config/app-config';
import { rateLimitStorage } from '../rate-limit/rate-limit-storage';
import { ENDPOINT_CONTRACT } from '../contract/endpoint.decorator';
import { AppError } from '../errors/app-error';
import { AccessTokens } from './access-token';
import type { Principal } from './principal';
import { StaffRightsLookup } from './staff-rights.lookup';

type AuthenticatedRequest = FastifyRequest & { principal?: Principal };

/**
 * Who may call each endpoint comes from its contract (`auth`): one place decides, for every route.
 * Members need a valid access token; manager endpoints a manager or HQ; HQ endpoints HQ. Integration
 * endpoints are checked by their signature guard. Endpoints with a `rateLimit` are limited here too, per caller.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  /** Rate-limit budgets: in this process, or in the database when several processes serve (RATE_LIMIT_STORE). */
  private readonly rateLimits: ThrottlerStorage;

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokens,
    private readonly staffRights: StaffRightsLookup,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
    @InjectConnection() connection: Connection,
  ) {
    this.rateLimits = rateLimitStorage(config.rateLimitStore, connection);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const contract = this.reflector.get<EndpointContract | undefined>(ENDPOINT_CONTRACT, context.getHandler());
    if (!contract || contract.auth === 'integration') return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (contract.auth === 'public') {
      await this.limit(contract, `ip:${request.ip}`, context);
      return true;
    }
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (!token) throw new AppError('UNAUTHENTICATED', 'Sign in first: send the access token as "Authorization: Bearer <token>".');
    const principal = await this.withCurrentRights(await this.tokens.verify(token));
    if (contract.auth === 'manager' && !(principal.kind === 'staff'))
      throw new AppError('FORBIDDEN', 'Only community managers and HQ may do this (your staff role may have been withdrawn).');
    if (contract.auth === 'hq' && !(principal.kind === 'staff' && principal.role === 'hq'))
      throw new AppError('FORBIDDEN', 'Only HQ may do this.');
    request.principal = principal;
    await this.limit(
      contract,
      `member:${principal.kind === 'integration' ? principal.integrationId : principal.memberId}`,
      context,
    );
    return true;
  }

  /**
   * A staff token proves who the caller is, not what they may do: their role and scope are read from the database
   * (through a cache of a few seconds that every change of a role empties), so a revocation applies at once.
   * Without a staff role any more, they are a member like any other.
   */
  private async withCurrentRights(principal: Principal): Promise<Principal> {
    if (principal.kind !== 'staff') return principal;
    const rights = await this.staffRights.of(principal.memberId);
    if (!rights) return { kind: 'member', memberId: principal.memberId };
    return { kind: 'staff', memberId: principal.memberId, ...rights };
  }

  /** The endpoint's rate limit for this caller: 429 with Retry-After once it is used up. */
  private async limit(contract: EndpointContract, caller: string, context: ExecutionContext): Promise<void> {
    if (!contract.rateLimit) return;
    const limit = Math.max(1, Math.round(contract.rateLimit.limit * this.config.rateLimitScale));
    const taken = await this.rateLimits.increment(
      `${contract.method} ${contract.path} ${caller}`,
      contract.rateLimit.windowSeconds * 1000,
      limit,
      0,
      'endpoint',
    );
    if (!taken.isBlocked) return;
    const seconds = taken.timeToBlockExpire;
    void context.switchToHttp().getResponse<FastifyReply>().header('retry-after', String(seconds));
    throw new AppError('RATE_LIMITED', `Too many requests: try again in ${seconds} s.`, { retryAfterSeconds: seconds });
  }
}

/** The signed-in caller of an endpoint whose contract requires authentication. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on an endpoint without authentication');
  return principal;
});
