import { type z } from 'zod';

/** Who may call an endpoint. Integrations authenticate with per-integration HMAC signatures. */
export type EndpointAuth = 'public' | 'member' | 'manager' | 'hq' | 'integration';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * One HTTP endpoint of the API contract: the server validates requests and documents the endpoint
 * (OpenAPI) from it; the mini-program's client takes its types from it.
 */
export interface EndpointContract<
  Params extends z.ZodType = z.ZodType,
  Query extends z.ZodType = z.ZodType,
  Body extends z.ZodType = z.ZodType,
  Response extends z.ZodType = z.ZodType,
> {
  method: HttpMethod;
  /** Path with `:name` parameters, e.g. `/api/v1/members/:memberId`. */
  path: string;
  summary: string;
  tag: string;
  auth: EndpointAuth;
  params?: Params;
  query?: Query;
  body?: Body;
  /** Status of a successful response (200 unless it creates something). */
  successStatus?: number;
  response: Response;
  /**
   * At most `limit` calls per `windowSeconds`, per signed-in member (per client IP for public endpoints);
   * more get 429 RATE_LIMITED with Retry-After. For endpoints a script could hammer: login, sign-in, claims.
   */
  rateLimit?: { limit: number; windowSeconds: number };
  /**
   * The staff audit log: every successful staff (manager, HQ) call that changes something is recorded after it
   * succeeds; `in-transaction` endpoints record their own entry together with the change instead; `read` marks a
   * staff read of members' personal data, recorded too.
   */
  audit?: 'in-transaction' | 'read';
}

export function defineEndpoint<
  Params extends z.ZodType = z.ZodNever,
  Query extends z.ZodType = z.ZodNever,
  Body extends z.ZodType = z.ZodNever,
  Response extends z.ZodType = z.ZodType,
>(contract: EndpointContract<Params, Query, Body, Response>): EndpointContract<Params, Query, Body, Response> {
  return contract;
}

export type ResponseOf<E> = E extends EndpointContract<z.ZodType, z.ZodType, z.ZodType, infer R> ? z.output<R> : never;
export type BodyOf<E> = E extends EndpointContract<z.ZodType, z.ZodType, infer B, z.ZodType> ? z.input<B> : never;
export type QueryOf<E> = E extends EndpointContract<z.ZodType, infer Q, z.ZodType, z.ZodType> ? z.input<Q> : never;
