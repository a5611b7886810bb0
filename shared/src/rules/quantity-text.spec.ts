import { quantitiesText, quantityText } from './quantity-text';

describe('quantity text', () => {
  it('puts one space between a number and its unit', () => {
    expect(quantityText(100, '积分')).toBe('100 积分');
    expect(quantityText('+5', '积分')).toBe('+5 积分');
    expect(`好友得 ${quantityText(100, '积分')}`).toBe('好友得 100 积分');
    expect(`开团后 ${quantityText(1, '天')}内成团`).toBe('开团后 1 天内成团');
  });

  it('writes several units largest first, leaving out the empty ones', () => {
    expect(
      quantitiesText([
        [1, '天'],
        [12, '小时'],
      ]),
    ).toBe('1 天 12 小时');
    expect(
      quantitiesText([
        [0, '天'],
        [1, '小时'],
        [30, '分钟'],
      ]),
    ).toBe('1 小时 30 分钟');
    expect(
      quantitiesText([
        [3, '天'],
        [0, '小时'],
      ]),
    ).toBe('3 天');
  });
});
