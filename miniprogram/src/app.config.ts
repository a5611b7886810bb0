export default defineAppConfig({
  pages: ['pages/index/index', 'pages/points/index', 'pages/gifts/index', 'pages/me/index'],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#1f1a17',
    navigationBarTitleText: '会员中心',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f6f3ef',
  },
});
