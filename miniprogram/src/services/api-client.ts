import Taro from '@tarojs/taro';
import type { ApiErrorBody, EndpointContract, ResponseOf } from '@memberloop/shared';
import { errorText } from './error-text';

/** The API's origin, fixed at build time (see config/index.ts). */
export const API_BASE: string = MEMBERLOOP_API_BASE;

/** A failed call, with the API's stable error code (or NETWORK_ERROR when the API could not be reached). */
export class ApiCallError extends Error {
  constructor(
    readonly code: ApiErrorBody['code'] | 'NETWORK_ERROR',
    message: string,
    readonly status?: number,
    /** The API's `details`, e.g. `{ needed }` with INSUFFICIENT_POINTS. */
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiCallError';
  }
}

export interface CallOptions {
  params?: Record<string, string>;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
}

/** The endpoint's path with its `:name` parameters filled in and its query appended. */
export function urlOf(endpoint: EndpointContract, options: CallOptions = {}): string {
  const path = endpoint.path.replace(/:(\w+)/g, (_, name: string) => {
    const value = options.params?.[name];
    if (value === undefined) throw new Error(`missing path parameter ${name} for ${endpoint.path}`);
    return encodeURIComponent(value);
  });
  const query = Object.entries(options.query ?? {})
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  return `${API_BASE}${path}${query ? `?${query}` : ''}`;
}

/** A path the API returned (a post photo: `/api/v1/images/…`) as a URL the app can load; absolute URLs stay as they are. */
export function assetUrl(pathOrUrl: string): string {
  return pathOrUrl.startsWith('/') ? `${API_BASE}${pathOrUrl}` : pathOrUrl;
}

/** Times a call the server shed (SERVER_BUSY) is sent again before the member is told. */
const BUSY_RETRIES = 2;

/**
 * How long to wait before sending again a call the server shed, or undefined when it was not shed or was retried
 * enough. A shed call did nothing on the server (it was refused before any handler ran), so sending it again is
 * safe whatever it is. The server's Retry-After is honoured up to 5 s, with a little jitter so a crowd of phones
 * does not come back in the same millisecond.
 */
export function busyRetryDelayMs(
  response: { statusCode: number; data: unknown; header?: Record<string, string | undefined> },
  attempt: number,
  random: () => number = Math.random,
): number | undefined {
  if (attempt >= BUSY_RETRIES || response.statusCode !== 503) return undefined;
  if ((response.data as Partial<ApiErrorBody> | undefined)?.code !== 'SERVER_BUSY') return undefined;
  const header = response.header?.['Retry-After'] ?? response.header?.['retry-after'];
  const seconds = Math.min(5, Math.max(0.5, Number(header) || 1));
  return Math.round(seconds * 1000 * (1 + 0.25 * random()));
}

/** Calls one endpoint of the shared contract and returns its typed response. */
export async function callEndpoint<E extends EndpointContract>(endpoint: E, options: CallOptions = {}): Promise<ResponseOf<E>> {
  let response: Taro.request.SuccessCallbackResult<string | TaroGeneral.IAnyObject | ArrayBuffer>;
  for (let attempt = 0; ; attempt++) {
    try {
      response = await Taro.request({
        url: urlOf(endpoint, options),
        method: endpoint.method,
        data: options.body,
        header: { ...(options.body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
        timeout: 10_000,
      });
    } catch {
      throw new ApiCallError('NETWORK_ERROR', '网络连接失败，请检查网络后重试');
    }
    const delay = busyRetryDelayMs(response, attempt);
    if (delay === undefined) break;
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
  if (response.statusCode >= 200 && response.statusCode < 300) return response.data as ResponseOf<E>;
  const error = response.data as Partial<ApiErrorBody> | undefined;
  throw new ApiCallError(
    error?.code ?? 'INTERNAL_ERROR',
    error?.message ?? '服务暂时不可用，请稍后再试',
    response.statusCode,
    error?.details,
  );
}

/**
 * What to show a member for a failed call, in Chinese: the page's own words for the error's code when it has
 * them, else the API's message when it is written for members, else the plain words for the code.
 */
export function messageOf(error: unknown, wording: Partial<Record<ApiCallError['code'], string>> = {}): string {
  if (!(error instanceof ApiCallError)) return '出了点问题，请稍后重试';
  return wording[error.code] ?? errorText(error.code, error.message, error.details);
}
