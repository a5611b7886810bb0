export default definePageConfig({ navigationBarTitleText: '总部后台' });
