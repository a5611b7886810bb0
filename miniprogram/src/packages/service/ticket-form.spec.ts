import { firstProblem, ticketOf, ticketProblems, type TicketDraft } from './ticket-form';

const ready: TicketDraft = {
  source: { kind: 'order', orderId: 'A-1' },
  type: 'delivery',
  text: '  快递三天还没到  ',
  photos: [{ key: 'p1', path: 'x', status: 'uploaded', photoId: 'a'.repeat(32) }],
};

describe('the ticket form, checked against the server’s contract', () => {
  it('sends the trimmed words and the uploaded photos', () => {
    expect(ticketProblems(ready)).toEqual({});
    expect(ticketOf(ready)).toEqual({
      source: { kind: 'order', orderId: 'A-1' },
      type: 'delivery',
      text: '快递三天还没到',
      photoIds: ['a'.repeat(32)],
    });
  });

  it('names each missing field in Chinese, the source first', () => {
    const problems = ticketProblems({ source: undefined, type: undefined, text: '', photos: [] });
    expect(problems).toEqual({
      source: '请选择要反馈的订单或门店',
      type: '请选择问题类型',
      text: '请描述遇到的问题，至少 5 个字',
    });
    expect(firstProblem(problems)).toBe('请选择要反馈的订单或门店');
  });

  it('asks for more words, fewer words, and waits for photos on their way', () => {
    expect(ticketProblems({ ...ready, text: '太慢' }).text).toBe('问题描述至少 5 个字，再写详细一点吧');
    expect(ticketProblems({ ...ready, text: '慢'.repeat(501) }).text).toBe('问题描述最多 500 个字');
    expect(ticketProblems({ ...ready, photos: [{ key: 'p', path: 'x', status: 'uploading' }] }).photos).toBe(
      '照片上传中，请稍候',
    );
    const four = Array.from({ length: 4 }, (_, i) => ({
      key: `p${i}`,
      path: 'x',
      status: 'uploaded' as const,
      photoId: String(i).repeat(32),
    }));
    expect(ticketProblems({ ...ready, photos: four }).photos).toBe('照片最多 3 张');
  });

  it('never lets English reach the member', () => {
    const words = Object.values(ticketProblems({ source: undefined, type: undefined, text: 'x', photos: [] })).join('');
    expect(words).not.toMatch(/[A-Za-z]{3,}/);
  });
});
