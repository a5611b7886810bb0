import { z } from 'zod';
import { AppError } from '../errors/app-error';
import { validateRequestPart } from './contract-params';

describe('validateRequestPart', () => {
  const body = z.object({ orderId: z.string().min(1), totalFen: z.number().int().nonnegative() });

  it('returns the parsed value, stripped of fields the contract does not name', () => {
    expect(validateRequestPart('body', body, { orderId: 'A1', totalFen: 100, $where: 'x' })).toEqual({
      orderId: 'A1',
      totalFen: 100,
    });
  });

  it('rejects with VALIDATION_FAILED and lists every bad field with its place in the request', () => {
    try {
      validateRequestPart('body', body, { orderId: '', totalFen: -1.5 });
      throw new Error('expected a validation failure');
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      const appError = error as AppError;
      expect(appError.code).toBe('VALIDATION_FAILED');
      expect(appError.status).toBe(400);
      const issues = (appError.details as { issues: Array<{ path: string }> }).issues.map((i) => i.path);
      expect(issues).toEqual(expect.arrayContaining(['body.orderId', 'body.totalFen']));
      expect(appError.message).toMatch(/^Invalid request: body\.orderId: /);
    }
  });

  it('treats a missing query string as an empty object, and a missing body as missing', () => {
    const query = z.object({ limit: z.coerce.number().int().default(20) });
    expect(validateRequestPart('query', query, undefined)).toEqual({ limit: 20 });
    expect(() => validateRequestPart('body', body, undefined)).toThrow(AppError);
  });

  it('reads nothing when the endpoint declares no schema for that part', () => {
    expect(validateRequestPart('params', undefined, { anything: 1 })).toBeUndefined();
  });
});
