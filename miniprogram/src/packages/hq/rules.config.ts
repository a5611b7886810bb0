export default definePageConfig({ navigationBarTitleText: '积分与等级规则' });
