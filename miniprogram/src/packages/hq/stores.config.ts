export default definePageConfig({ navigationBarTitleText: '门店与到店优惠' });
