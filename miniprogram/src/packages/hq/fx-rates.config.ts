export default definePageConfig({ navigationBarTitleText: '境外消费汇率' });
