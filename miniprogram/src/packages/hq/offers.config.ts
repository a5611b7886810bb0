export default definePageConfig({ navigationBarTitleText: '优惠券与礼品' });
