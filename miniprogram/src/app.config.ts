/*
 * The H5 shell. In WeChat the native navigation bar gives every page its title and a way back, and the weapp has
 * no tab bar: its main entries are the main package's four pages (the member card, points, gifts, my details),
 * reached from the card. In a browser Taro draws the same navigation bar (title from each page's config, back when
 * there is a page to go back to, home otherwise) when navigationStyle is 'default', and those four pages become the
 * H5 tab bar. Only the H5 build gets these keys: the weapp's app.json is unchanged.
 */
const h5Shell =
  process.env.TARO_ENV === 'h5'
    ? {
        tabBar: {
          color: '#8a7f78',
          selectedColor: '#b3561e',
          backgroundColor: '#ffffff',
          borderStyle: 'white' as const,
          list: [
            { pagePath: 'pages/index/index', text: '会员卡', icon: 'card' },
            { pagePath: 'pages/points/index', text: '积分', icon: 'points' },
            { pagePath: 'pages/gifts/index', text: '兑换', icon: 'gift' },
            { pagePath: 'pages/me/index', text: '我的', icon: 'me' },
          ].map(({ icon, ...tab }) => ({
            ...tab,
            iconPath: `components/H5Shell/icons/${icon}.svg`,
            selectedIconPath: `components/H5Shell/icons/${icon}-active.svg`,
          })),
        },
      }
    : {};

/**
 * WeChat asks for the member's position only on 附近门店 (packages/stores/nearby), after the page said why; the
 * weapp must declare getLocation and the reason shown in WeChat's permission prompt.
 */
const weappLocation =
  process.env.TARO_ENV === 'weapp'
    ? {
        requiredPrivateInfos: ['getLocation' as const],
        permission: { 'scope.userLocation': { desc: '用于为您按距离排列附近门店，并在到店附近时领取门店优惠' } },
      }
    : {};

export default defineAppConfig({
  pages: ['pages/index/index', 'pages/points/index', 'pages/gifts/index', 'pages/me/index'],
  // Pages beyond the member card's core load on demand: the main package stays small.
  subPackages: [
    { root: 'packages/coupons', pages: ['index'] },
    { root: 'packages/invite', pages: ['index', 'poster'] },
    { root: 'packages/group-buy', pages: ['index', 'group'] },
    { root: 'packages/assist', pages: ['index'] },
    { root: 'packages/posts', pages: ['index', 'compose'] },
    // Paid membership (付费会员): the renewal reminder links to packages/paid-membership/index.
    { root: 'packages/paid-membership', pages: ['index'] },
    // The server's reply notifications link to packages/service/ticket?id=….
    { root: 'packages/service', pages: ['index', 'open', 'ticket'] },
    // Satisfaction surveys (满意度问卷): the member's open surveys and one survey to answer, from 我的.
    { root: 'packages/survey', pages: ['index', 'answer'] },
    // Stores near me (附近门店): the nearest stores and their offers, from 我的; asks for the position only there.
    { root: 'packages/stores', pages: ['nearby'] },
    // The server's messages link to packages/community/activity?id=… and packages/community/announcements?communityId=….
    { root: 'packages/community', pages: ['index', 'activity', 'mine', 'communities', 'announcements'] },
    // Staff only: the member card offers it when the sign-in says the member is a manager or HQ.
    {
      root: 'packages/manager',
      pages: [
        'index',
        'community',
        'activity-form',
        'activity',
        'announce',
        'coupon',
        'members',
        'review',
        'dashboard',
        'tickets',
        'ticket',
      ],
    },
    // HQ only: the brand's console (staff, members and their points, programme rules, catalogue, coupon templates and gifts, store systems, audit), from the staff desk.
    {
      root: 'packages/hq',
      pages: [
        'index',
        'staff',
        'members',
        'rules',
        'campaigns',
        'catalogue',
        'offers',
        'integrations',
        'fx-rates',
        'region-benefits',
        'service',
        'paid-plans',
        'experiments',
        'calendar',
        'surveys',
        'stores',
        'audit',
      ],
    },
  ],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#1f1a17',
    navigationBarTitleText: '会员中心',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f6f3ef',
    ...(process.env.TARO_ENV === 'h5' ? { navigationStyle: 'default' as const } : {}),
  },
  ...h5Shell,
  ...weappLocation,
});
