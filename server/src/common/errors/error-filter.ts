import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { errorCodeForStatus, type ApiErrorBody, type ErrorCode } from '@memberloop/shared';
import type { FastifyReply } from 'fastify';
import { AppError } from './app-error';

/** Fastify's own request errors (bad JSON, body too large, wrong content type) carry these codes. */
const FASTIFY_ERRORS: Record<string, { code: ErrorCode; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'MALFORMED_REQUEST', message: 'The request body is not valid JSON.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'MALFORMED_REQUEST', message: 'The request body is empty but declared as JSON.' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the request body as application/json.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'MALFORMED_REQUEST',
    message: 'The Content-Length header does not match the body.',
  },
};

/**
 * The one place an exception becomes an HTTP response. Expected failures keep their code and message;
 * anything else is logged with its stack and answered with a generic INTERNAL_ERROR, never leaking internals.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { status, body } = this.toResponse(exception);
    if (status >= 500) this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  toResponse(exception: unknown): { status: number; body: ApiErrorBody } {
    if (exception instanceof AppError) {
      const body: ApiErrorBody = { code: exception.code, message: exception.message };
      if (exception.details !== undefined) body.details = exception.details;
      return { status: exception.status, body };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = errorCodeForStatus(status);
      return { status, body: { code, message: status === 404 ? 'No such endpoint.' : exception.message } };
    }
    const fastifyCode = (exception as { code?: unknown } | null)?.code;
    if (typeof fastifyCode === 'string' && FASTIFY_ERRORS[fastifyCode]) {
      const known = FASTIFY_ERRORS[fastifyCode];
      return { status: errorStatus(known.code), body: { ...known } };
    }
    return {
      status: 500,
      body: { code: 'INTERNAL_ERROR', message: 'Something went wrong on our side. Please try again later.' },
    };
  }
}

function errorStatus(code: ErrorCode): number {
  return new AppError(code, '').status;
}
