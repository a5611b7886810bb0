export default definePageConfig({ navigationBarTitleText: '营销 A/B 实验' });
