export default definePageConfig({ navigationBarTitleText: '会员与积分' });
