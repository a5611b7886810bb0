import { z } from 'zod';

/** The body of `GET /health` (terminus' shape): `status` is "ok" only when every check is up. */
export const HealthReport = z.object({
  status: z.enum(['ok', 'error', 'shutting_down']),
  info: z.record(z.string(), z.object({ status: z.string() }).passthrough()).optional(),
  error: z.record(z.string(), z.object({ status: z.string() }).passthrough()).optional(),
  details: z.record(z.string(), z.object({ status: z.string() }).passthrough()),
});
export type HealthReport = z.infer<typeof HealthReport>;
