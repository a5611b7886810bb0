export default definePageConfig({ navigationBarTitleText: '审核晒单', enablePullDownRefresh: true });
