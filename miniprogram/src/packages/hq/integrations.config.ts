export default definePageConfig({ navigationBarTitleText: '门店与商城对接' });
