import { joinText, ordinalText, quantitiesText, quantityText, signedQuantityText } from './quantity-text';

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

  it('writes a change with its sign', () => {
    expect(signedQuantityText(15, '积分')).toBe('+15 积分');
    expect(signedQuantityText(-300, '积分')).toBe('-300 积分');
    expect(signedQuantityText(0, '积分')).toBe('0 积分');
    expect(`签到成功 ${signedQuantityText(15, '积分')}`).toBe('签到成功 +15 积分');
  });

  it('writes a place in a row with the same spaces', () => {
    expect(ordinalText(3, '天')).toBe('第 3 天');
    expect(`候补${ordinalText(2, '位')}`).toBe('候补第 2 位');
  });

  it('joins text around a quantity with one space where Chinese meets a number, none between Chinese words', () => {
    expect(joinText('好友得', quantityText(100, '积分'))).toBe('好友得 100 积分');
    expect(joinText('好友得', `首单 ${quantityText(2, '倍')}积分`)).toBe('好友得首单 2 倍积分');
    expect(joinText(quantityText(1, '天'), '内')).toBe('1 天内');
    expect(joinText('签到成功', signedQuantityText(15, '积分'))).toBe('签到成功 +15 积分');
    expect(joinText('满', '100', '元')).toBe('满 100 元');
    expect(joinText('好友注册，', '', '好友得', '一张优惠券')).toBe('好友注册，好友得一张优惠券');
    expect(joinText('¥100', '起')).toBe('¥100 起');
    expect(joinText('')).toBe('');
  });
});
