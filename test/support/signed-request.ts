import { signIntegrationRequest } from '../../server/src/integrations/domain/request-signature';

/** POSTs a body the way a store system does: signed with its integration secret over timestamp + body. */
export function signedPost(
  baseUrl: string,
  path: string,
  body: unknown,
  credentials: { integrationId: string; secret: string },
  options: { timestamp?: string; signature?: string } = {},
): Promise<Response> {
  const raw = JSON.stringify(body);
  const timestamp = options.timestamp ?? String(Math.floor(Date.now() / 1000));
  return fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-integration-id': credentials.integrationId,
      'x-timestamp': timestamp,
      'x-signature': options.signature ?? signIntegrationRequest(credentials.secret, timestamp, raw),
    },
    body: raw,
  });
}
