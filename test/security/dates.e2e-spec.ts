import { startApp, type RunningApp } from '../support/app';
import { authorized, loginAsStaff } from '../support/sessions';

/** Dates that look right but do not exist: each is refused as input, with the error shape, wherever a date comes in. */
const IMPOSSIBLE_DAYS = ['2024-02-30', '2023-02-29', '2024-04-31', '2024-13-01', '2024-00-10', '2024-01-32'];
const IMPOSSIBLE_INSTANTS = ['2024-02-30T10:00:00Z', '2024-02-29T24:00:00Z', '2024-06-31T00:00:00+08:00', '2024-01-01T10:61:00Z'];

describe('dates: only real calendar days and instants are accepted', () => {
  let running: RunningApp;
  let hq: ReturnType<typeof authorized>;

  beforeAll(async () => {
    running = await startApp({ JOBS_ENABLED: 'false' });
    hq = authorized(running, (await loginAsStaff(running, 'dates-hq', 'hq')).accessToken);
  });
  afterAll(async () => {
    await running?.close();
  });

  it.each(['dashboard', 'dashboard.csv', 'metrics', 'stage-migration'])(
    'analytics %s refuses an impossible day in its period',
    async (report) => {
      expect((await hq(`/api/v1/staff/analytics/${report}?from=2024-02-01&to=2024-02-29`)).status).toBe(200);
      for (const day of IMPOSSIBLE_DAYS) {
        for (const query of [`from=${day}&to=2024-12-31`, `from=2024-01-01&to=${day}`]) {
          const response = await hq(`/api/v1/staff/analytics/${report}?${query}`);
          expect({ query, status: response.status }).toEqual({ query, status: 400 });
          expect(await response.json()).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.any(String) });
        }
      }
    },
  );

  it('a coupon template refuses an impossible instant in its validity window, and takes one with an offset', async () => {
    const template = (from: string, to: string) =>
      hq('/api/v1/hq/coupon-templates', {
        body: {
          name: '日期券',
          benefit: { kind: 'fixed', amountFen: 100 },
          validity: { type: 'window', from, to },
          totalStock: 10,
        },
      });
    for (const instant of IMPOSSIBLE_INSTANTS) {
      const response = await template('2026-01-01T00:00:00Z', instant);
      expect({ instant, status: response.status }).toEqual({ instant, status: 400 });
    }
    expect((await template('2026-01-01T00:00:00+08:00', '2026-03-01T00:00:00+08:00')).status).toBe(201);
  });
});
