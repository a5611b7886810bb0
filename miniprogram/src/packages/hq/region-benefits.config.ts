export default definePageConfig({ navigationBarTitleText: '地区会员礼包' });
