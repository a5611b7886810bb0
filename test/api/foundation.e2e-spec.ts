import { ApiErrorBody, HealthReport, ProgramOverview } from '@memberloop/shared';
import { startApp, type RunningApp } from '../support/app';

describe('the running service (foundation)', () => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startApp();
  });
  afterAll(async () => {
    await running?.close();
  });

  const get = (path: string, init?: RequestInit) => fetch(`${running.baseUrl}${path}`, init);

  it('reports healthy with the database up', async () => {
    const response = await get('/health');
    expect(response.status).toBe(200);
    const report = HealthReport.parse(await response.json());
    expect(report.status).toBe('ok');
    expect(report.details.database.status).toBe('up');
  });

  it('serves the OpenAPI document generated from the shared contract, and its UI', async () => {
    const document = (await (await get('/api/docs/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>;
    };
    expect(document.openapi).toMatch(/^3\./);
    const programme = document.paths['/api/v1/program'].get;
    expect(programme.responses['200'].content?.['application/json'].schema).toMatchObject({
      type: 'object',
      required: expect.arrayContaining(['brandName', 'timeZone', 'tiers']),
    });
    expect(document.paths['/health']).toBeDefined();

    const ui = await get('/api/docs');
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger-ui');
  });

  it("serves the brand's programme exactly as the contract describes it", async () => {
    const response = await get('/api/v1/program');
    expect(response.status).toBe(200);
    const programme = ProgramOverview.parse(await response.json());
    expect(programme.timeZone).toBe('Asia/Shanghai');
    expect(programme.tiers.map((t) => t.name)).toEqual(['普通', '银卡', '金卡', '黑钻']);
    expect(programme.tiers.map((t) => t.qualification.spendFen)).toEqual([undefined, 50_000, 300_000, 800_000]);
  });

  it('answers an unknown route with a JSON error that has a stable code', async () => {
    const response = await get('/api/v1/nothing-here');
    expect(response.status).toBe(404);
    expect(ApiErrorBody.parse(await response.json())).toEqual({ code: 'NOT_FOUND', message: 'No such endpoint.' });
  });

  it('sends security headers and allows the H5 dev origin through CORS', async () => {
    const response = await get('/api/v1/program', { headers: { origin: 'http://localhost:10086' } });
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:10086');
    const foreign = await get('/api/v1/program', { headers: { origin: 'https://evil.example' } });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('serves the H5 app at /', async () => {
    const response = await get('/');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<div id="app">');
  });
});
