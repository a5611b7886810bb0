import { type CanActivate, type ExecutionContext, Injectable, createParamDecorator } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { SIGNATURE_WINDOW_MS, verifyIntegrationSignature, type SignatureRefusal } from './domain/request-signature';
import { IntegrationNonces } from './integration-nonces.store';
import { IntegrationsService } from './integrations.service';

type SignedRequest = FastifyRequest & { rawBody?: Buffer; integrationId?: string };

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

const REFUSALS: Record<SignatureRefusal | 'REPLAYED', string> = {
  MISSING_HEADERS: 'Sign the request: X-Integration-Id, X-Timestamp, X-Nonce and X-Signature are required.',
  BAD_TIMESTAMP: 'X-Timestamp must be Unix time in seconds or milliseconds.',
  EXPIRED: 'X-Timestamp is outside the 5-minute window: check the clock of the calling system.',
  BAD_NONCE: 'X-Nonce must be 16 to 64 characters of A-Z, a-z, 0-9, "_" and "-".',
  BAD_SIGNATURE:
    'The signature does not match the request: sign method, path, query, timestamp, nonce and body hash (see the API description).',
  REPLAYED: 'This X-Nonce was used already: sign every request, retries included, with a new nonce.',
};

/**
 * Admits a request only when an active integration signed exactly this request (method, path, query, timestamp,
 * nonce, body) and its nonce was not used before. The signature is checked before the nonce is recorded, so a
 * tampered replay writes nothing; a verbatim replay loses on the nonce's unique index.
 */
@Injectable()
export class IntegrationSignatureGuard implements CanActivate {
  constructor(
    private readonly integrations: IntegrationsService,
    private readonly nonces: IntegrationNonces,
    private readonly clock: Clock,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<SignedRequest>();
    const integrationId = header(request, 'x-integration-id');
    const secrets = integrationId ? await this.integrations.secretsOf(integrationId) : [];
    if (!integrationId || secrets.length === 0)
      throw new AppError('UNAUTHENTICATED', integrationId ? 'Unknown or disabled integration.' : REFUSALS.MISSING_HEADERS);
    const nonce = header(request, 'x-nonce');
    const signed = {
      method: request.method,
      // The request target exactly as sent (path and query), not a router-normalized form.
      target: request.raw.url ?? request.url,
      timestamp: header(request, 'x-timestamp'),
      nonce,
      signature: header(request, 'x-signature'),
      rawBody: request.rawBody?.toString('utf8') ?? '',
      now: this.clock.now(),
    };
    // During a rotation's grace period the previous secret verifies too; the current one is tried first.
    const checks = secrets.map((secret) => verifyIntegrationSignature({ secret, ...signed }));
    const check = checks.find((c) => c.ok) ?? checks[0];
    if (!check.ok) throw new AppError('UNAUTHENTICATED', REFUSALS[check.reason]);
    // Kept while the timestamp could still be accepted; after that the window refuses the copy anyway.
    const keepUntil = new Date(check.sentAt.getTime() + SIGNATURE_WINDOW_MS);
    if (!(await this.nonces.use(integrationId, nonce!, keepUntil))) throw new AppError('UNAUTHENTICATED', REFUSALS.REPLAYED);
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
