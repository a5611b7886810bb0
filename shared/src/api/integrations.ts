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

export const rotateIntegrationSecret = defineEndpoint({
  method: 'POST',
  path: '/api/v1/hq/integrations/:integrationId/rotate-secret',
  summary: 'Give an integration a new secret (the old one stops working at once); returns it this once',
  tag: 'hq',
  auth: 'hq',
  params: IntegrationParams,
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
