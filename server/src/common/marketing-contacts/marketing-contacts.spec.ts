import { Types } from 'mongoose';
import { MarketingContacts } from './marketing-contacts';

describe('MarketingContacts', () => {
  const ann = new Types.ObjectId();
  const bo = new Types.ObjectId();
  const day = (d: number) => new Date(Date.UTC(2026, 11, d));

  it('answers each member’s latest contact by any source, and nothing for members never contacted', async () => {
    const contacts = new MarketingContacts();
    contacts.register({ name: 'winback', lastContacts: async () => new Map([[ann.toHexString(), day(1)]]) });
    contacts.register({
      name: 'calendar-packs',
      lastContacts: async () =>
        new Map([
          [ann.toHexString(), day(3)],
          [bo.toHexString(), day(2)],
        ]),
    });
    contacts.register({ name: 'experiments', lastContacts: async () => new Map([[bo.toHexString(), day(1)]]) });
    const latest = await contacts.latest([ann, bo, new Types.ObjectId()]);
    expect(latest).toEqual(
      new Map([
        [ann.toHexString(), day(3)],
        [bo.toHexString(), day(2)],
      ]),
    );
    expect(await contacts.latest([])).toEqual(new Map());
  });

  it('leaves one campaign out only of the source it belongs to', async () => {
    const contacts = new MarketingContacts();
    const asked: Array<[string, string | undefined]> = [];
    for (const name of ['experiments', 'winback'])
      contacts.register({
        name,
        lastContacts: async (_ids, except) => {
          asked.push([name, except]);
          return new Map();
        },
      });
    await contacts.latest([ann], { source: 'experiments', campaignId: 'exp-1' });
    expect(asked).toEqual([
      ['experiments', 'exp-1'],
      ['winback', undefined],
    ]);
  });

  it('refuses a source registered twice (two automations would count as one)', () => {
    const contacts = new MarketingContacts();
    contacts.register({ name: 'winback', lastContacts: async () => new Map() });
    expect(() => contacts.register({ name: 'winback', lastContacts: async () => new Map() })).toThrow();
  });
});
