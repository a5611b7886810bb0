export default definePageConfig({ navigationBarTitleText: '社群成员', enablePullDownRefresh: true });
