export default definePageConfig({ navigationBarTitleText: '节日营销日历' });
