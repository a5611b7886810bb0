import { existsSync } from 'node:fs';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ApiErrorBody } from '@memberloop/shared';
import type { FastifyReply } from 'fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { registerAdmission } from './common/admission/admission-hook';
import { h5StaticOptions } from './common/h5/h5-static-options';
import { appConfig, loadAppConfig, type AppConfig } from './config/app-config';
import { INTEGRATION_SIGNATURE_DESCRIPTION } from './integrations/signature-scheme.doc';

/** Request bodies larger than this are refused with PAYLOAD_TOO_LARGE before any handler runs. */
const BODY_LIMIT_BYTES = 1024 * 1024;

/** Builds the whole HTTP application (used by main.ts and by the end-to-end suites). */
export async function createApp(): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule,
    new FastifyAdapter({
      bodyLimit: BODY_LIMIT_BYTES,
      frameworkErrors: answerRoutingError,
      // Read before Nest starts: the adapter is made first.
      trustProxy: loadAppConfig(process.env).http.trustProxy,
    }),
    {
      bufferLogs: true,
      // Integrations sign the exact bytes they send: the guard verifies the raw body.
      rawBody: true,
    },
  );
  app.useLogger(app.get(Logger));
  const config = app.get<AppConfig>(appConfig.KEY);
  // Before the guards and handlers: a refused request costs the process as little as possible.
  const logger = app.get(Logger);
  registerAdmission(app.getHttpAdapter().getInstance(), config.http.admission, {
    report: (message) => logger.warn(message, 'Admission'),
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // Activity covers and product photos come from the brand's CDN over https.
        imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
      },
    },
  });
  // Photo uploads (Taro.uploadFile sends multipart/form-data); each route sets its own file-size limit.
  await app.register(multipart, { limits: { files: 1, fields: 5, parts: 6 } });
  app.enableCors({ origin: config.http.corsOrigins, credentials: false, maxAge: 600 });

  const openApi = new DocumentBuilder()
    .setTitle('MemberLoop API')
    .setDescription(
      'Membership and loyalty engine: members, tiers, points, coupons, community and CRM analytics.\n' +
        INTEGRATION_SIGNATURE_DESCRIPTION,
    )
    .setVersion('1')
    .addBearerAuth()
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: 'X-Signature',
        description:
          'HMAC-SHA256 over method, path, query, X-Timestamp, X-Nonce and the body hash (see "Signed integration requests")',
      },
      'integration-signature',
    )
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi), {
    jsonDocumentUrl: 'api/docs/openapi.json',
  });

  if (existsSync(config.h5Dir)) {
    app.useStaticAssets(h5StaticOptions(config.h5Dir));
  } else {
    app.get(Logger).warn(`No H5 build at ${config.h5Dir}: run "npm run build" to serve the mini-program at /`);
  }

  app.enableShutdownHooks();
  return app;
}

/**
 * Requests Fastify refuses while routing, before Nest sees them (a path parameter over 100 characters, a
 * malformed URL): answered like every other error, with a stable code.
 */
function answerRoutingError(error: { code?: string }, _request: unknown, reply: FastifyReply): void {
  const body: ApiErrorBody =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? { code: 'VALIDATION_FAILED', message: 'A path parameter is too long.' }
      : { code: 'MALFORMED_REQUEST', message: 'The request URL is malformed.' };
  void reply.status(400).header('content-type', 'application/json; charset=utf-8').send(body);
}
