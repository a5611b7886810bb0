export default definePageConfig({ navigationBarTitleText: '社群公告', enablePullDownRefresh: true });
