import type { CampaignView } from '@memberloop/shared';
import {
  campaignDraftOf,
  campaignInputOf,
  changeText,
  lineInputOf,
  lineRefusalText,
  newCampaignDraft,
  overlapNotes,
  scopeText,
  versionChangeTexts,
  windowText,
} from './campaigns-form';

const ZONE = 'Asia/Shanghai';
// 2026-12-03 10:20 in Beijing.
const now = new Date('2026-12-03T02:20:00Z');

const view = (overrides: Partial<CampaignView>): CampaignView => ({
  id: 'c-1',
  name: '双十二',
  multiplier: 2,
  startsAt: '2026-12-11T16:00:00.000Z',
  endsAt: '2026-12-12T16:00:00.000Z',
  status: 'scheduled',
  ...overrides,
});

describe('the campaign form', () => {
  it('starts a new campaign at the next whole hour in Beijing, for seven days, double points', () => {
    expect(newCampaignDraft(now, ZONE)).toMatchObject({
      multiplier: '2',
      startDate: '2026-12-03',
      startTime: '11:00',
      endDate: '2026-12-10',
      endTime: '11:00',
    });
  });

  it('reads the pickers on the Beijing clock: 12月12日 00:00 is 16:00 UTC the day before', () => {
    const draft = {
      ...newCampaignDraft(now, ZONE),
      name: '双十二',
      startDate: '2026-12-12',
      startTime: '00:00',
      endDate: '2026-12-13',
      endTime: '00:00',
    };
    expect(campaignInputOf(draft, now, ZONE)).toEqual({
      input: { name: '双十二', multiplier: 2, startsAt: '2026-12-11T16:00:00.000Z', endsAt: '2026-12-12T16:00:00.000Z' },
    });
  });

  it('gives back an existing campaign unchanged', () => {
    const campaign = view({ tierCodes: ['gold'], channels: ['store'], regions: ['上海', '杭州'] });
    const result = campaignInputOf(campaignDraftOf(campaign, ZONE), now, ZONE);
    expect(result).toEqual({
      input: {
        name: '双十二',
        multiplier: 2,
        startsAt: campaign.startsAt,
        endsAt: campaign.endsAt,
        tierCodes: ['gold'],
        regions: ['上海', '杭州'],
        channels: ['store'],
      },
    });
  });

  it('names each field at fault in Chinese', () => {
    const base = { ...newCampaignDraft(now, ZONE), name: '双十二' };
    const problems = (draft: Partial<typeof base>) => {
      const result = campaignInputOf({ ...base, ...draft }, now, ZONE);
      return 'problems' in result ? result.problems : {};
    };
    expect(problems({ name: '  ' })).toEqual({ name: '请填写活动名称' });
    expect(problems({ multiplier: '11' })).toEqual({ multiplier: '倍数须在 1 到 10 之间' });
    expect(problems({ multiplier: '0.5' })).toEqual({ multiplier: '倍数须在 1 到 10 之间' });
    expect(problems({ multiplier: '两倍' })).toMatchObject({ multiplier: '倍数须是 1 到 10 之间的数，最多 1 位小数' });
    expect(problems({ multiplier: '1.25' })).toMatchObject({ multiplier: '倍数须是 1 到 10 之间的数，最多 1 位小数' });
    expect(problems({ endDate: base.startDate, endTime: base.startTime })).toEqual({ endsAt: '结束时间须晚于开始时间' });
    expect(problems({ startDate: '2026-11-01', endDate: '2026-12-01' })).toEqual({
      endsAt: '结束时间已经过去：请选择以后的时间',
    });
  });
});

describe('the campaign list', () => {
  it('shows the window in Beijing time, a retired one ending at its retirement', () => {
    expect(windowText(view({}), ZONE)).toBe('12月12日 00:00 至 12月13日 00:00');
    expect(windowText(view({ startsAt: '2026-12-01T00:00:00Z', retiredAt: '2026-12-03T02:20:00Z' }), ZONE)).toBe(
      '12月1日 08:00 至 12月3日 10:20（提前停止，原定至 12月13日 00:00）',
    );
    expect(windowText(view({ retiredAt: '2026-12-03T02:20:00Z' }), ZONE)).toBe(
      '原定 12月12日 00:00 至 12月13日 00:00，12月3日 10:20 取消，未开始',
    );
  });

  it('keeps a member day scheduled on the festival calendar when it is changed here, and says which day', () => {
    const memberDay = view({ endsAt: '2027-12-07T16:00:00.000Z', recurrence: { kind: 'monthly', dayOfMonth: 8 } });
    expect(windowText(memberDay, ZONE)).toBe('12月12日 00:00 至 12月8日 00:00，每月 8 日全天');
    const changed = campaignInputOf({ ...campaignDraftOf(memberDay, ZONE), multiplier: '3' }, now, ZONE);
    expect(changed).toMatchObject({ input: { multiplier: 3, recurrence: { kind: 'monthly', dayOfMonth: 8 } } });
  });

  it('says who a campaign is for, with tier names', () => {
    const tiers = [
      { code: 'gold', name: '金卡' },
      { code: 'black_diamond', name: '黑钻' },
    ] as never;
    expect(scopeText(view({}), tiers)).toBe('全部等级 · 门店和线上');
    expect(scopeText(view({ tierCodes: ['gold', 'black_diamond'], channels: ['store'], regions: ['上海'] }), tiers)).toBe(
      '金卡、黑钻 · 门店 · 上海',
    );
  });

  it('shows how overlapping campaigns combine under the stacking rule; ended and retired ones do not count', () => {
    const a = view({ id: 'a', name: '双十二', multiplier: 2 });
    const b = view({ id: 'b', name: '会员日', multiplier: 3, startsAt: '2026-12-12T08:00:00Z', endsAt: '2026-12-14T00:00:00Z' });
    const c = view({ id: 'c', name: '年终', multiplier: 5, startsAt: '2026-12-20T00:00:00Z', endsAt: '2026-12-31T00:00:00Z' });
    const d = view({ id: 'd', name: '已停', multiplier: 9, status: 'retired', retiredAt: '2026-12-03T00:00:00Z' });
    expect(overlapNotes([a, b, c, d], 'best')).toEqual({
      a: '与「会员日」时间重叠，同时适用时取最高 3 倍',
      b: '与「双十二」时间重叠，同时适用时取最高 3 倍',
    });
    expect(overlapNotes([a, b], 'multiply').a).toBe('与「会员日」时间重叠，同时适用时倍数相乘，最多 6 倍');
  });
});

describe('line rules and the history', () => {
  it('checks a SKU or category rule', () => {
    expect(lineInputOf('sku', ' TEA-1 ', '3')).toEqual({ input: { match: { sku: 'TEA-1' }, multiplier: 3 } });
    expect(lineInputOf('category', '茶饮', '0')).toEqual({ input: { match: { category: '茶饮' }, multiplier: 0 } });
    expect(lineInputOf('sku', '', '11')).toEqual({
      problems: { value: '请填写 SKU', multiplier: '倍数须在 0 到 10 之间' },
    });
    expect(lineInputOf('category', '茶饮', '多')).toMatchObject({
      problems: { multiplier: '倍数须是 0 到 10 之间的数（0 表示不积分）' },
    });
  });

  it('says why the server refused a rule, under the field', () => {
    expect(lineRefusalText('unknown-sku', 'sku', ' NOPE-1 ')).toBe(
      '商品目录中没有这个 SKU（NOPE-1）：请先在商品目录中添加这个商品',
    );
    expect(lineRefusalText('retired-sku', 'sku', 'OLD-1')).toContain('已下架');
    expect(lineRefusalText('unknown-category', 'category', '茶')).toBe('商品目录中没有「茶」品类的在售商品：请检查品类名称');
    expect(lineRefusalText(undefined, 'sku', 'A')).toBeUndefined();
  });

  it('says what a version changed in HQ’s words', () => {
    const names = { 'c-1a': '双十二' };
    expect(changeText('earning.pointsPerYuan', names)).toBe('每消费 1 元得积分');
    expect(changeText('earning.campaigns[c-1a]', names)).toBe('加倍积分活动「双十二」');
    expect(changeText('earning.campaigns[c-1a].multiplier', names)).toBe('加倍积分活动「双十二」 倍数');
    expect(changeText('earning.campaigns[c-1a].retiredAt', names)).toBe('加倍积分活动「双十二」 停止');
    expect(changeText('earning.campaigns[c-9z].endsAt', names)).toBe('加倍积分活动「c-9z」 结束时间');
    expect(changeText('earning.lineMultipliers[sku:TEA-1].multiplier', names)).toBe('商品/品类倍率 SKU TEA-1 倍数');
    expect(changeText('earning.lineMultipliers[category:茶饮]', names)).toBe('商品/品类倍率 品类 茶饮');
    expect(changeText('points.validMonths', names)).toBe('积分有效期');
    expect(
      versionChangeTexts(
        {
          changes: ['earning.campaigns[c-1a]', 'earning.lineMultipliers[sku:TEA-1]', 'earning.pointsPerYuan'],
          added: ['earning.campaigns[c-1a]'],
          removed: ['earning.lineMultipliers[sku:TEA-1]'],
        },
        names,
      ),
    ).toEqual(['新增 加倍积分活动「双十二」', '删除 商品/品类倍率 SKU TEA-1', '每消费 1 元得积分']);
  });
});
