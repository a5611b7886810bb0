import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { staffRoleOfSession } from '../../services/session';
import { HqOnly } from './hq-only';
import './hq.css';

const AREAS = [
  { label: '员工与权限', hint: '总部与门店运营账号、负责的门店', mark: '员', url: '/packages/hq/staff' },
  { label: '会员与积分', hint: '按会员号或手机号查找会员，积分明细与积分调整', mark: '会', url: '/packages/hq/members' },
  { label: '积分与等级规则', hint: '积分比例与上限、有效期、等级保级', mark: '规', url: '/packages/hq/rules' },
  { label: '积分活动与倍率', hint: '加倍积分活动、商品/品类倍率，规则修改记录', mark: '倍', url: '/packages/hq/campaigns' },
  {
    label: '节日营销日历',
    hint: '春节、618、双11、会员日：按北京时间排期积分加倍和券包，发布前预估触达人数',
    mark: '历',
    url: '/packages/hq/calendar',
  },
  { label: '商品目录', hint: '商品名称、图片与价格，CSV 批量导入', mark: '品', url: '/packages/hq/catalogue' },
  {
    label: '优惠券与礼品',
    hint: '券模板与积分礼品：库存、限领、停发，门店运营可发哪些券',
    mark: '券',
    url: '/packages/hq/offers',
  },
  {
    label: '付费会员方案',
    hint: '黑卡月卡/年卡：价格、积分加倍、每月券包、包邮与预售',
    mark: '卡',
    url: '/packages/hq/paid-plans',
  },
  {
    label: '门店与到店优惠',
    hint: '门店目录与坐标，到店附近可领的优惠：领取半径、领取频次与起止日期',
    mark: '店',
    url: '/packages/hq/stores',
  },
  { label: '门店与商城对接', hint: '收银系统和线上商城的签名密钥', mark: '接', url: '/packages/hq/integrations' },
  { label: '境外消费汇率', hint: '外币消费按付款时的汇率折算积分，汇率历史', mark: '汇', url: '/packages/hq/fx-rates' },
  {
    label: '地区会员礼包',
    hint: '按会员地区和等级发放升级礼券、当地消费积分加倍与专享权益说明',
    mark: '区',
    url: '/packages/hq/region-benefits',
  },
  {
    label: '营销 A/B 实验',
    hint: '按人群随机分组测试券、积分或消息，对比对照组的转化与增量消费，推广胜出方案',
    mark: '测',
    url: '/packages/hq/experiments',
  },
  { label: '数据看板', hint: '会员等级、生命周期、RFM 分层、消费趋势与流失风险', mark: '数', url: '/packages/manager/dashboard' },
  { label: '售后服务', hint: '工单超时、首次回复时长、各门店超时率', mark: '服', url: '/packages/hq/service' },
  {
    label: '满意度问卷',
    hint: 'NPS 与问卷：按人群或消费后发送，完成奖励积分，按等级/门店/阶段看结果',
    mark: '问',
    url: '/packages/hq/surveys',
  },
  { label: '操作记录', hint: '每一次员工操作，谁在何时做了什么', mark: '录', url: '/packages/hq/audit' },
  { label: '社群运营台', hint: '社群、活动、晒单审核与数据看板', mark: '群', url: '/packages/manager/index' },
];

/** HQ's console: where the brand runs its programme without a developer. */
export default function HqHomePage() {
  return (
    <View className='page hq'>
      <HqOnly role={staffRoleOfSession()}>
        <View className='hq-hero'>
          <Text className='hq-hero__title'>总部后台</Text>
          <Text className='hq-hero__hint'>管理会员计划、员工权限，查看每一次操作</Text>
        </View>
        <View className='hq-areas'>
          {AREAS.map((area) => (
            <View
              key={area.url}
              className='hq-area'
              data-testid='hq-area'
              onClick={() => void Taro.navigateTo({ url: area.url })}
            >
              <Text className='hq-area__mark'>{area.mark}</Text>
              <View className='hq-area__text'>
                <Text className='hq-area__label'>{area.label}</Text>
                <Text className='hq-area__hint'>{area.hint}</Text>
              </View>
            </View>
          ))}
        </View>
      </HqOnly>
    </View>
  );
}
