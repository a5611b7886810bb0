export { Endpoint } from './endpoint.decorator';
export { ContractBody, ContractParams, ContractQuery } from './contract-params';
export { ContractResponseInterceptor } from './contract-response.interceptor';
