export default definePageConfig({ navigationBarTitleText: '积分活动与倍率' });
