import { z } from 'zod';
import { defineEndpoint } from './endpoint';

/** A store system or the online shop, as HQ names it: lower-case letters, digits and dashes. */
export const IntegrationId = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, '2–40 lower-case letters, digits or dashes');

export const NewIntegration = z.object({ integrationId: IntegrationId, name: z.string().trim().min(1).max(40) }).strict();

export const IntegrationView = z.object({
  integrationId: z.string(),
  name: z.string(),
  active: z.boolean(),
  createdAt: z.iso.datetime(),
  /** After a rotation with a grace period: the previous secret still verifies until then. */
  previousSecretValidUntil: z.iso.datetime().optional(),
});
export type IntegrationView = z.infer<typeof IntegrationView>;

/** The signing secret is in this answer only: store it in the POS; MemberLoop keeps it encrypted and never shows it again. */
export const IntegrationCredentialsView = z.object({ integrationId: z.string(), name: z.string(), secret: z.string() });

export const registerIntegration = defineEndpoint({
  method: 'POST',
  path: '/api/v1/hq/integrations',
  summary: 'Connect a store system or the online shop: returns its signing secret, shown this once',
  tag: 'hq',
  auth: 'hq',
  body: NewIntegration,
  successStatus: 201,
  response: IntegrationCredentialsView,
});

export const listIntegrations = defineEndpoint({
  method: 'GET',
  path: '/api/v1/hq/integrations',
  summary: 'The connected store systems (never their secrets)',
  tag: 'hq',
  auth: 'hq',
  response: z.object({ integrations: z.array(IntegrationView) }),
});

export const IntegrationParams = z.object({ integrationId: IntegrationId }).strict();

/**
 * How long the previous secret keeps verifying after a rotation, so the tills can be given the new one without a
 * gap: 0 (the default) cuts it off at once, as after a leak.
 */
export const RotateSecretRequest = z.object({ graceHours: z.number().int().min(0).max(72) }).strict();

export const rotateIntegrationSecret = defineEndpoint({
  method: 'POST',
  path: '/api/v1/hq/integrations/:integrationId/rotate-secret',
  summary:
    'Give an integration a new secret, returned this once; the old one stops at once, or verifies too for a grace period of up to 72 hours',
  tag: 'hq',
  auth: 'hq',
  params: IntegrationParams,
  body: RotateSecretRequest.optional(),
  successStatus: 200,
  response: IntegrationCredentialsView,
});

export const setIntegrationActive = defineEndpoint({
  method: 'PUT',
  path: '/api/v1/hq/integrations/:integrationId/active',
  summary: 'Switch an integration off (its calls are refused) or back on',
  tag: 'hq',
  auth: 'hq',
  params: IntegrationParams,
  body: z.object({ active: z.boolean() }).strict(),
  response: IntegrationView,
});
