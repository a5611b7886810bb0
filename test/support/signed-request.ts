import { randomBytes } from 'node:crypto';
import { signIntegrationRequest } from '../../server/src/integrations/domain/request-signature';

export interface IntegrationCredentials {
  integrationId: string;
  secret: string;
}

/** What a signature covers; defaults are a fresh timestamp and nonce. */
export interface SignedRequestParts {
  method: string;
  /** Path with its query, as sent: `/api/v1/purchases?x=1`. */
  target: string;
  /** The raw body ("" for none). */
  body: string;
  timestamp?: string;
  nonce?: string;
}

/** The headers a store system sends with a request. */
export function signedHeaders(credentials: IntegrationCredentials, parts: SignedRequestParts): Record<string, string> {
  const timestamp = parts.timestamp ?? String(Math.floor(Date.now() / 1000));
  const nonce = parts.nonce ?? randomBytes(18).toString('base64url');
  const signature = signIntegrationRequest(credentials.secret, {
    method: parts.method,
    target: parts.target,
    timestamp,
    nonce,
    rawBody: parts.body,
  });
  return {
    'x-integration-id': credentials.integrationId,
    'x-timestamp': timestamp,
    'x-nonce': nonce,
    'x-signature': signature,
  };
}

/** Sends exactly what was signed, or a tampered copy (the attacker's replay): the same headers, another request. */
export function sendSigned(
  baseUrl: string,
  request: { method: string; target: string; body: string; headers: Record<string, string> },
): Promise<Response> {
  return fetch(`${baseUrl}${request.target}`, {
    method: request.method,
    headers: { ...(request.body === '' ? {} : { 'content-type': 'application/json' }), ...request.headers },
    body: request.body === '' ? undefined : request.body,
  });
}

/** POSTs a body the way a store system does: signed with its integration secret. */
export function signedPost(
  baseUrl: string,
  path: string,
  body: unknown,
  credentials: IntegrationCredentials,
  options: { timestamp?: string; nonce?: string; signature?: string } = {},
): Promise<Response> {
  const raw = JSON.stringify(body);
  const headers = signedHeaders(credentials, { method: 'POST', target: path, body: raw, ...options });
  if (options.signature) headers['x-signature'] = options.signature;
  return sendSigned(baseUrl, { method: 'POST', target: path, body: raw, headers });
}
