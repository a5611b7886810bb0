export default definePageConfig({ navigationBarTitleText: '会员社群', enablePullDownRefresh: true });
