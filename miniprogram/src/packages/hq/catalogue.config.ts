export default definePageConfig({ navigationBarTitleText: '商品目录' });
