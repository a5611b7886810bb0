import { announcementProblems } from './announce-form';

describe('announcementProblems', () => {
  it('names each empty or too long field in Chinese, as the server would refuse it', () => {
    expect(announcementProblems('周末沙龙', '周六下午三点，静安店二楼')).toEqual({});
    expect(announcementProblems('  ', '   ')).toEqual({ title: '请填写标题，20 字以内', body: '请填写公告内容，500 字以内' });
    expect(announcementProblems('这'.repeat(21), '内容')).toEqual({ title: '请填写标题，20 字以内' });
    expect(announcementProblems('标题', '字'.repeat(501))).toEqual({ body: '请填写公告内容，500 字以内' });
  });
});
