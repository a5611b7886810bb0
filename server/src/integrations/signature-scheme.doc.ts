/**
 * The signing scheme as the OpenAPI description tells integrators, with a worked example. The example's values
 * are written out (not computed here) so a spec can check that the implementation produces exactly them.
 */
export const SIGNATURE_WORKED_EXAMPLE = {
  secret: 'demo-secret-do-not-use-in-production',
  method: 'POST',
  target: '/api/v1/points/holds',
  timestamp: '1795248000',
  nonce: '3f1c9a7e5b2d4c6e8a0b1d2f',
  body: '{"holdId":"H-1001","member":{"phone":"13800138000"},"points":500,"orderTotalFen":39900,"storeCode":"SH01"}',
  bodySha256: '6ff0988e68eee2b36486a3c136e9651c661f028953a033143f3c3108db64bcff',
  canonical:
    'POST\n/api/v1/points/holds\n\n1795248000\n3f1c9a7e5b2d4c6e8a0b1d2f\n' +
    '6ff0988e68eee2b36486a3c136e9651c661f028953a033143f3c3108db64bcff',
  signature: '6b58119db854c25270c05e4d3e1da14485cbd22589f2c40d31c2fa48d1367c17',
} as const;

const example = SIGNATURE_WORKED_EXAMPLE;
const indent = (text: string) =>
  text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');

/** Markdown for the API description: how a store system signs its requests. */
export const INTEGRATION_SIGNATURE_DESCRIPTION = `
## Signed integration requests

Store systems and the online shop (the \`integrations\` operations) do not use a bearer token: each request is
signed with the integration's secret (shown once, when HQ connects or rotates the integration). Send four headers:

- \`X-Integration-Id\`: the integration's id.
- \`X-Timestamp\`: Unix time in seconds (or milliseconds). Requests more than 5 minutes away from the server's
  clock are refused.
- \`X-Nonce\`: 16 to 64 characters of \`A-Z a-z 0-9 _ -\`, new for every request, retries included (e.g. 18 random
  bytes in base64url). A nonce is accepted once per integration; the same request sent again is refused.
- \`X-Signature\`: lowercase hex of HMAC-SHA256, keyed with the secret (its UTF-8 bytes), over the canonical string:

${indent('<METHOD>\\n<path>\\n<canonical query>\\n<X-Timestamp>\\n<X-Nonce>\\n<hex SHA-256 of the raw body>')}

  - METHOD in upper case; path exactly as on the request line, without the query.
  - canonical query: the \`name=value\` pairs percent-decoded (\`+\` is a space), encoded again as RFC 3986
    (everything except \`A-Z a-z 0-9 - . _ ~\` as upper-case \`%XX\` of its UTF-8 bytes), sorted by name then value,
    joined with \`&\`; an empty line when there is no query. \`?b=2&a=x+y\` becomes \`a=x%20y&b=2\`.
  - the body hash is over the exact bytes sent (the hash of nothing when there is no body).

A request whose signature does not match, whose timestamp is stale or whose nonce was seen answers 401
\`UNAUTHENTICATED\` and changes nothing. A signature covers one request only: sent to another path, with another
method or query, or again, it is refused. Orders and holds are still idempotent by their ids: after a timeout, send
the same order again, signed anew with a new nonce.

The reference implementation is \`signIntegrationRequest\` in the \`@memberloop/shared\` package (it takes your
platform's SHA-256 and HMAC-SHA256).

### Worked example

Secret \`${example.secret}\`, request \`${example.method} ${example.target}\` at \`X-Timestamp: ${example.timestamp}\`
with \`X-Nonce: ${example.nonce}\` and the body

${indent(example.body)}

The body's SHA-256 is \`${example.bodySha256}\`, the canonical string (six lines, the query line empty) is

${indent(example.canonical)}

and the header to send is \`X-Signature: ${example.signature}\`.
`;
