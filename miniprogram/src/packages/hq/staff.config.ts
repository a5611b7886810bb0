export default definePageConfig({ navigationBarTitleText: '员工与权限' });
