import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, MongooseHealthIndicator } from '@nestjs/terminus';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly mongoose: MongooseHealthIndicator,
  ) {}

  /** 200 when the database answers a ping within a second, 503 otherwise (for load balancers and probes). */
  @Get()
  @HealthCheck()
  @ApiOkResponse({ description: 'Every dependency is up' })
  @ApiServiceUnavailableResponse({ description: 'A dependency is down' })
  async check(@Res({ passthrough: true }) reply: FastifyReply) {
    try {
      return await this.health.check([() => this.mongoose.pingCheck('database', { timeout: 1000 })]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      // The report says which dependency is down: that is the point of the endpoint, so it is sent as is.
      void reply.status(503);
      return error.getResponse();
    }
  }
}
