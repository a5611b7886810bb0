export default definePageConfig({ navigationBarTitleText: '邀请海报', enablePullDownRefresh: true, enableShareAppMessage: true });
