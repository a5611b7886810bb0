import Taro from '@tarojs/taro';
import type { ApiErrorBody, EndpointContract, ResponseOf } from '@memberloop/shared';

/** The API's origin, fixed at build time (see config/index.ts). */
export const API_BASE: string = MEMBERLOOP_API_BASE;

/** A failed call, with the API's stable error code (or NETWORK_ERROR when the API could not be reached). */
export class ApiCallError extends Error {
  constructor(
    readonly code: ApiErrorBody['code'] | 'NETWORK_ERROR',
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ApiCallError';
  }
}

/** Calls one endpoint of the shared contract and returns its typed response. */
export async function callEndpoint<E extends EndpointContract>(
  endpoint: E,
  options: { body?: unknown } = {},
): Promise<ResponseOf<E>> {
  let response: Taro.request.SuccessCallbackResult<string | TaroGeneral.IAnyObject | ArrayBuffer>;
  try {
    response = await Taro.request({
      url: `${API_BASE}${endpoint.path}`,
      method: endpoint.method,
      data: options.body,
      timeout: 10_000,
    });
  } catch {
    throw new ApiCallError('NETWORK_ERROR', '网络连接失败，请检查网络后重试');
  }
  if (response.statusCode >= 200 && response.statusCode < 300) return response.data as ResponseOf<E>;
  const error = response.data as Partial<ApiErrorBody> | undefined;
  throw new ApiCallError(error?.code ?? 'INTERNAL_ERROR', error?.message ?? '服务暂时不可用，请稍后再试', response.statusCode);
}
