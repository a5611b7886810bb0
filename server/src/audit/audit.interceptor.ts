import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { EndpointContract } from '@memberloop/shared';
import { catchError, from, mergeMap, type Observable } from 'rxjs';
import type { Principal } from '../common/auth/principal';
import { ENDPOINT_CONTRACT } from '../common/contract/endpoint.decorator';
import { AppError } from '../common/errors/app-error';
import { AuditLogService } from './audit-log.service';

/** Bodies are kept in the entry up to this size: enough to see what was set, never a bulk payload. */
const MAX_DETAIL_CHARS = 2000;

/**
 * Records every successful staff call that changes something (and staff reads of personal data) in the audit log,
 * so no staff endpoint can be forgotten. Endpoints whose service writes its entry inside the change's transaction
 * say so in their contract (`audit: 'in-transaction'`) and are left to it.
 */
@Injectable()
export class StaffAuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditLogService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const contract = this.reflector.get<EndpointContract | undefined>(ENDPOINT_CONTRACT, context.getHandler());
    if (!contract || (contract.auth !== 'manager' && contract.auth !== 'hq')) return next.handle();
    if (contract.method === 'GET' && contract.audit !== 'read') return next.handle();
    const request = context
      .switchToHttp()
      .getRequest<{ principal?: Principal; params?: Record<string, string>; body?: unknown; query?: unknown }>();
    const handled = next.handle().pipe(catchError((error: unknown) => from(this.recordRefusal(contract, request, error))));
    if (contract.audit === 'in-transaction') return handled;
    return handled.pipe(
      mergeMap((result) =>
        from(
          (async () => {
            const principal = request.principal;
            if (principal?.kind !== 'staff') return result;
            const params = request.params ?? {};
            const [targetParam] = Object.keys(params);
            await this.audit.record({
              actor: { id: principal.memberId, role: principal.role },
              action: `${contract.method} ${contract.path}`,
              target: targetParam
                ? { type: targetParam.replace(/Id$/, ''), id: params[targetParam] }
                : { type: 'endpoint', id: contract.path },
              details: {
                summary: contract.summary,
                params,
                ...(contract.method === 'GET' ? { query: request.query } : { body: clipped(request.body) }),
              },
            });
            return result;
          })(),
        ),
      ),
    );
  }

  private async recordRefusal(
    contract: EndpointContract,
    request: { principal?: Principal; params?: Record<string, string>; body?: unknown },
    error: unknown,
  ): Promise<never> {
    const principal = request.principal;
    if (principal?.kind === 'staff' && error instanceof AppError && AUDITED_REFUSALS.has(error.code)) {
      const params = request.params ?? {};
      const [targetParam] = Object.keys(params);
      await this.audit.record({
        actor: { id: principal.memberId, role: principal.role },
        action: `refused: ${contract.method} ${contract.path}`,
        target: targetParam
          ? { type: targetParam.replace(/Id$/, ''), id: params[targetParam] }
          : { type: 'endpoint', id: contract.path },
        details: {
          code: error.code,
          message: error.message,
          ...(error.details && typeof error.details === 'object' ? { refusal: error.details } : {}),
          params,
          body: clipped(request.body),
        },
      });
    }
    throw error;
  }
}

/**
 * Refusals of what a staff member's role, scope or limits do not allow (a community or store not theirs, their
 * own post, a template HQ did not release, a cap or the stock): recorded as `refused: <METHOD path>`, since an
 * attempt to go beyond one's powers is what the log is for. Bad input is not recorded; it changes nothing either.
 */
const AUDITED_REFUSALS: ReadonlySet<string> = new Set(['FORBIDDEN', 'LIMIT_REACHED', 'OUT_OF_STOCK', 'COUPON_TEMPLATE_RETIRED']);

function clipped(body: unknown): unknown {
  if (body === undefined) return undefined;
  const text = JSON.stringify(body);
  return text.length <= MAX_DETAIL_CHARS ? body : { clipped: `${text.slice(0, MAX_DETAIL_CHARS)}…` };
}
