import { BadRequestException, NotFoundException } from '@nestjs/common';
import { AppError } from './app-error';
import { ErrorFilter } from './error-filter';

describe('ErrorFilter', () => {
  const filter = new ErrorFilter();
  // The filter logs 5xx causes; keep the test output quiet.
  beforeAll(() => jest.spyOn(filter['logger'], 'error').mockImplementation(() => undefined));

  it('sends an expected failure with its code, message, details and the status the code fixes', () => {
    const { status, body } = filter.toResponse(new AppError('CONFLICT', 'The coupon was already redeemed.', { couponId: 'c1' }));
    expect(status).toBe(409);
    expect(body).toEqual({ code: 'CONFLICT', message: 'The coupon was already redeemed.', details: { couponId: 'c1' } });
  });

  it('maps framework HTTP exceptions to stable codes', () => {
    expect(filter.toResponse(new NotFoundException())).toEqual({
      status: 404,
      body: { code: 'NOT_FOUND', message: 'No such endpoint.' },
    });
    expect(filter.toResponse(new BadRequestException('bad')).body.code).toBe('VALIDATION_FAILED');
  });

  it("maps Fastify's body errors to MALFORMED_REQUEST, PAYLOAD_TOO_LARGE and UNSUPPORTED_MEDIA_TYPE", () => {
    const fastifyError = (code: string) => Object.assign(new Error('fastify says no'), { code });
    expect(filter.toResponse(fastifyError('FST_ERR_CTP_INVALID_JSON_BODY'))).toEqual({
      status: 400,
      body: { code: 'MALFORMED_REQUEST', message: 'The request body is not valid JSON.' },
    });
    expect(filter.toResponse(fastifyError('FST_ERR_CTP_BODY_TOO_LARGE')).status).toBe(413);
    expect(filter.toResponse(fastifyError('FST_ERR_CTP_INVALID_MEDIA_TYPE')).status).toBe(415);
  });

  it('never leaks an unexpected error: generic 500, no message or stack', () => {
    const { status, body } = filter.toResponse(new TypeError("Cannot read properties of undefined (reading 'secretKey')"));
    expect(status).toBe(500);
    expect(body.code).toBe('INTERNAL_ERROR');
    expect(JSON.stringify(body)).not.toMatch(/secretKey|TypeError|at /);
  });
});
