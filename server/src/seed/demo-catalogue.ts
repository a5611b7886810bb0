/** The demo brand's shops and goods: a beauty chain with stores in seven regions and an online shop. */
export const DEMO_REGIONS: Record<string, string[]> = {
  华东: ['上海', '杭州', '南京', '苏州', '宁波'],
  华南: ['广州', '深圳', '厦门', '南宁'],
  华北: ['北京', '天津', '石家庄'],
  华中: ['武汉', '长沙', '郑州'],
  西南: ['成都', '重庆', '昆明'],
  西北: ['西安', '兰州'],
  东北: ['沈阳', '哈尔滨', '大连'],
};

export interface DemoStore {
  code: string;
  name: string;
  region: string;
  city: string;
}

/** Store codes: the region's place in the list, then the city's: `S0101` is 上海, `S0201` 广州. */
export const DEMO_STORES: DemoStore[] = Object.entries(DEMO_REGIONS).flatMap(([region, cities], r) =>
  cities.map((city, i) => ({
    code: `S${String(r + 1).padStart(2, '0')}${String(i + 1).padStart(2, '0')}`,
    name: `${city}旗舰店`,
    region,
    city,
  })),
);

export interface DemoProduct {
  sku: string;
  name: string;
  category: string;
  priceFen: number;
}

const LINES: Array<[category: string, prefix: string, names: string[], priceYuan: [number, number]]> = [
  [
    '护肤',
    'SK',
    ['焕颜精华液', '水润保湿霜', '舒缓洁面乳', '修护面膜', '紧致眼霜', '清透防晒乳', '柔肤爽肤水', '净澈卸妆油'],
    [89, 680],
  ],
  ['彩妆', 'MK', ['丝绒哑光唇釉', '持妆粉底液', '自然眉笔', '纤长睫毛膏', '柔雾散粉', '九色眼影盘', '水光唇膏'], [69, 420]],
  ['香水', 'FR', ['晨露淡香水', '白茶香氛', '玫瑰浓香水', '木质调香水'], [299, 1280]],
  ['个护', 'PC', ['氨基酸洗发水', '香氛沐浴露', '护手霜', '身体乳'], [39, 168]],
  ['礼盒', 'GB', ['节日护肤礼盒', '彩妆限定礼盒', '香氛探索礼盒'], [399, 1580]],
];

/** Prices spread deterministically between each line's bounds, rounded to ¥x9 / ¥x00 as shops do. */
export const DEMO_PRODUCTS: DemoProduct[] = LINES.flatMap(([category, prefix, names, [low, high]]) =>
  names.map((name, i) => {
    const yuan = low + ((high - low) * i) / Math.max(1, names.length - 1);
    const rounded = yuan >= 300 ? Math.round(yuan / 100) * 100 - 1 : Math.round(yuan / 10) * 10 - 1;
    return { sku: `${prefix}-${String(i + 1).padStart(3, '0')}`, name, category, priceFen: Math.max(1, rounded) * 100 };
  }),
);
