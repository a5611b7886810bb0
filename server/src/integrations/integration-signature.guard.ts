import { type CanActivate, type ExecutionContext, Injectable, createParamDecorator } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { verifyIntegrationSignature } from './domain/request-signature';
import { IntegrationsService } from './integrations.service';

type SignedRequest = FastifyRequest & { rawBody?: Buffer; integrationId?: string };

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

const REFUSALS = {
  MISSING_HEADERS: 'Sign the request: X-Integration-Id, X-Timestamp and X-Signature are required.',
  BAD_TIMESTAMP: 'X-Timestamp must be Unix time in seconds or milliseconds.',
  EXPIRED: 'X-Timestamp is outside the 5-minute window: check the clock of the calling system.',
  BAD_SIGNATURE: 'The signature does not match the request.',
} as const;

/** Admits a request only when it is signed by an active integration's secret over timestamp + raw body. */
@Injectable()
export class IntegrationSignatureGuard implements CanActivate {
  constructor(
    private readonly integrations: IntegrationsService,
    private readonly clock: Clock,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<SignedRequest>();
    const integrationId = header(request, 'x-integration-id');
    const secret = integrationId ? await this.integrations.secretOf(integrationId) : null;
    if (!integrationId || !secret)
      throw new AppError('UNAUTHENTICATED', integrationId ? 'Unknown or disabled integration.' : REFUSALS.MISSING_HEADERS);
    const check = verifyIntegrationSignature({
      secret,
      timestamp: header(request, 'x-timestamp'),
      signature: header(request, 'x-signature'),
      rawBody: request.rawBody?.toString('utf8') ?? '',
      now: this.clock.now(),
    });
    if (!check.ok) throw new AppError('UNAUTHENTICATED', REFUSALS[check.reason]);
    request.integrationId = integrationId;
    return true;
  }
}

/** The integration a guarded request was signed by. */
export const CallingIntegration = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const id = context.switchToHttp().getRequest<SignedRequest>().integrationId;
  if (!id) throw new Error('CallingIntegration used without IntegrationSignatureGuard');
  return id;
});
