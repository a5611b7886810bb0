export default defineAppConfig({
  pages: ['pages/index/index', 'pages/points/index', 'pages/gifts/index', 'pages/me/index'],
  // Pages beyond the member card's core load on demand: the main package stays small.
  subPackages: [
    { root: 'packages/coupons', pages: ['index'] },
    { root: 'packages/invite', pages: ['index', 'poster'] },
    { root: 'packages/group-buy', pages: ['index', 'group'] },
    { root: 'packages/assist', pages: ['index'] },
    { root: 'packages/posts', pages: ['index', 'compose'] },
    // The server's messages link to packages/community/activity?id=… and packages/community/announcements?communityId=….
    { root: 'packages/community', pages: ['index', 'activity', 'mine', 'communities', 'announcements'] },
    // Staff only: the member card offers it when the sign-in says the member is a manager or HQ.
    {
      root: 'packages/manager',
      pages: ['index', 'community', 'activity-form', 'activity', 'announce', 'coupon', 'members', 'review', 'dashboard'],
    },
  ],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#1f1a17',
    navigationBarTitleText: '会员中心',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f6f3ef',
  },
});
