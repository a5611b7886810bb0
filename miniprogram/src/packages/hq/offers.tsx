import { useState, type ReactNode } from 'react';
import { Button, Input, Picker, Text, Textarea, View } from '@tarojs/components';
import {
  brandDay,
  createCouponTemplate,
  createGift,
  listHqCouponTemplates,
  listHqGifts,
  reactivateCouponTemplate,
  reactivateGift,
  retireCouponTemplate,
  retireGift,
  updateCouponTemplate,
  updateGift,
  type HqCouponTemplateView,
  type HqGiftView,
} from '@memberloop/shared';
import { Empty, Screen, Section } from '../../components/Screen';
import { Tabs } from '../../components/Tabs';
import { useRemote } from '../../hooks/use-remote';
import { useAction } from '../../hooks/use-action';
import { brandTimeZone } from '../../services/brand-time-zone';
import { dayText } from '../../services/date-text';
import { callAsMember, staffRoleOfSession } from '../../services/session';
import { HqOnly } from './hq-only';
import {
  BENEFIT_KINDS,
  benefitText,
  draftOfGift,
  draftOfTemplate,
  emptyCouponDraft,
  EMPTY_GIFT,
  giftChangesOf,
  newGiftOf,
  newTemplateOf,
  templateChangesOf,
  termsFixed,
  validityText,
  type CouponDraft,
  type CouponField,
  type GiftDraft,
  type GiftField,
} from './offers-form';
import './hq.css';
import './offers.css';

type Area = 'coupons' | 'gifts';
const AREAS = [
  { value: 'coupons', label: '优惠券模板' },
  { value: 'gifts', label: '积分礼品' },
] as const;

/** HQ's wording of the refusals these screens can meet; the rest read as the app words them everywhere. */
const REFUSALS = {
  NOT_FOUND: '找不到它了，请刷新列表',
  CONFLICT: '正有会员在领取或兑换，请稍后再保存',
  STOCK_BELOW_ISSUED: '库存不能少于已发出的数量',
  COUPON_TERMS_FIXED: '已有会员领取，优惠内容和有效期不能再改；可停发后新建一张券',
} as const;

const today = () => brandDay(new Date(), brandTimeZone());

/** A labelled text field with its problem under it. */
function Field({
  label,
  value,
  placeholder,
  testId,
  problem,
  disabled,
  onInput,
}: {
  label: string;
  value: string;
  placeholder?: string;
  testId: string;
  problem?: string;
  disabled?: boolean;
  onInput: (value: string) => void;
}) {
  return (
    <View>
      <View className='form-row'>
        <Text className='form-row__label offers-label'>{label}</Text>
        <Input
          className='form-row__input'
          data-testid={testId}
          placeholder={placeholder}
          value={value}
          disabled={disabled}
          onInput={(event) => onInput(event.detail.value)}
        />
      </View>
      {problem && (
        <Text className='hq-problem' data-testid={`${testId}-problem`}>
          {problem}
        </Text>
      )}
    </View>
  );
}

/** An on/off switch with its words: what it means when on, said beside it. */
function Toggle({
  label,
  hint,
  on,
  testId,
  onChange,
}: {
  label: string;
  hint: string;
  on: boolean;
  testId: string;
  onChange: (on: boolean) => void;
}) {
  return (
    <View className='form-row offers-toggle' data-testid={testId} onClick={() => onChange(!on)}>
      <View className='offers-toggle__text'>
        <Text className='form-row__label'>{label}</Text>
        <Text className='form-hint'>{hint}</Text>
      </View>
      <View className={`offers-switch${on ? ' offers-switch--on' : ''}`} aria-checked={on} role='switch'>
        <View className='offers-switch__knob' />
      </View>
    </View>
  );
}

function Choices<T extends string>({
  options,
  value,
  testId,
  disabled,
  onChange,
}: {
  options: ReadonlyArray<{ value: T; label: string }>;
  value: T;
  testId: string;
  disabled?: boolean;
  onChange: (value: T) => void;
}) {
  return (
    <View className='hq-segments offers-choices' data-testid={testId}>
      {options.map((option) => (
        <Text
          key={option.value}
          className={`hq-segment${value === option.value ? ' hq-segment--on' : ''}${disabled ? ' offers-disabled' : ''}`}
          onClick={() => !disabled && onChange(option.value)}
        >
          {option.label}
        </Text>
      ))}
    </View>
  );
}

function StatusTag({ status }: { status: 'active' | 'retired' }) {
  return status === 'retired' ? <Text className='tag hq-tag--off'>已停用</Text> : null;
}

/**
 * Runs one change through the screen's ActionGate (hooks/use-action: a tap while one runs is ignored, the busy flag
 * disables the buttons), with a toast either way and the list reloaded after a success.
 */
function useOfferAction(reload: () => Promise<void>) {
  const { busy, run } = useAction();
  const act = async (work: () => Promise<unknown>, done: string): Promise<boolean> => {
    const ok = await run(
      async () => {
        await work();
        return true;
      },
      done,
      { success: done, refusals: REFUSALS },
    );
    if (!ok) return false;
    await reload();
    return true;
  };
  return { busy, act };
}

function CouponTemplates() {
  const { state, reload } = useRemote(() => callAsMember(listHqCouponTemplates, { query: {} }));
  const { busy, act } = useOfferAction(reload);
  const [editing, setEditing] = useState<HqCouponTemplateView | undefined>();
  const [draft, setDraft] = useState<CouponDraft>(() => emptyCouponDraft(today()));
  const [touched, setTouched] = useState(false);
  const timeZone = brandTimeZone();

  const result = editing ? templateChangesOf(editing, draft, timeZone) : newTemplateOf(draft, timeZone);
  const problems: Partial<Record<CouponField, string>> = touched && result && 'problems' in result ? result.problems : {};
  const fixed = editing ? termsFixed(editing) : false;
  const set = (change: Partial<CouponDraft>) => setDraft((d) => ({ ...d, ...change }));
  const field = (name: CouponField, label: string, placeholder: string, disabled = false): ReactNode => (
    <Field
      label={label}
      value={draft[name] as string}
      placeholder={placeholder}
      testId={`coupon-${name}`}
      problem={problems[name]}
      disabled={disabled}
      onInput={(value) => set({ [name]: value })}
    />
  );
  const reset = () => {
    setEditing(undefined);
    setDraft(emptyCouponDraft(today()));
    setTouched(false);
  };

  const save = async () => {
    setTouched(true);
    if (!result || 'problems' in result || busy) return;
    const ok = await act(
      () =>
        'template' in result
          ? callAsMember(createCouponTemplate, { body: result.template })
          : callAsMember(updateCouponTemplate, { params: { templateId: editing!.id }, body: result.changes }),
      editing ? '已保存' : '已创建',
    );
    if (ok) reset();
  };

  return (
    <View className='hq-columns'>
      <Section
        title={editing ? `修改「${editing.name}」` : '新建优惠券模板'}
        extra={
          editing && (
            <Text className='hq-link' onClick={reset}>
              取消修改
            </Text>
          )
        }
      >
        {field('name', '券名称', '如 满199减20')}
        <View className='offers-stack'>
          <Text className='form-row__label offers-label'>优惠方式</Text>
          <Choices
            options={BENEFIT_KINDS}
            value={draft.kind}
            testId='coupon-kind'
            disabled={fixed}
            onChange={(kind) => set({ kind })}
          />
        </View>
        {fixed && <Text className='form-hint'>已有会员领取这张券：优惠内容和有效期不能再改，可停发后新建一张</Text>}
        {(draft.kind === 'fixed' || draft.kind === 'threshold') && field('amount', '减免金额（元）', '如 20', fixed)}
        {draft.kind === 'threshold' && field('threshold', '使用门槛（元）', '订单满多少元可用，如 199', fixed)}
        {draft.kind === 'percent' && field('discount', '折扣（折）', '如 8.5 表示八五折', fixed)}
        {draft.kind === 'percent' && field('cap', '最高减免（元）', '如 50', fixed)}
        {draft.kind === 'gift' && field('sku', '换购商品 SKU', '商品目录中的 SKU', fixed)}
        {draft.kind === 'gift' && field('giftPrice', '换购价（元）', '如 9.9', fixed)}
        {draft.kind !== 'gift' && field('scopeCategories', '限品类', '留空为全场，如 护肤，香氛', !!editing)}
        {draft.kind !== 'gift' && field('scopeSkus', '限商品 SKU', '留空为全场，多个用逗号分隔', !!editing)}
        {draft.kind !== 'gift' && (
          <Text className='form-hint'>
            {editing ? '适用范围创建后不能修改' : '设了范围时，只按范围内商品的金额计算门槛和优惠；品类以商品目录为准'}
          </Text>
        )}
        <View className='offers-stack'>
          <Text className='form-row__label offers-label'>有效期</Text>
          <Choices
            options={[
              { value: 'afterClaim', label: '领取后若干天' },
              { value: 'window', label: '固定日期' },
            ]}
            value={draft.validityType}
            testId='coupon-validity'
            disabled={fixed}
            onChange={(validityType) => set({ validityType })}
          />
        </View>
        {draft.validityType === 'afterClaim' ? (
          field('days', '有效天数', '领取后多少天内有效，如 30', fixed)
        ) : (
          <View>
            <View className='form-row'>
              <Text className='form-row__label offers-label'>起止日期</Text>
              <Picker mode='date' value={draft.from} disabled={fixed} onChange={(e) => set({ from: e.detail.value })}>
                <Text className='form-row__pick'>{draft.from}</Text>
              </Picker>
              <Text className='form-hint'>至</Text>
              <Picker
                mode='date'
                value={draft.to}
                start={draft.from}
                disabled={fixed}
                onChange={(e) => set({ to: e.detail.value })}
              >
                <Text className='form-row__pick'>{draft.to}</Text>
              </Picker>
            </View>
            {(problems.from || problems.to) && <Text className='hq-problem'>{problems.from ?? problems.to}</Text>}
            <Text className='form-hint'>按北京时间，开始日 0 点起至结束日 24 点</Text>
          </View>
        )}
        {field('totalStock', '总库存（张）', '最多发出多少张')}
        {editing && <Text className='form-hint'>已发出 {editing.issuedCount} 张，库存不能少于这个数</Text>}
        {field('perMemberLimit', '每人限领（张）', '如 1')}
        {!editing && field('pointsPrice', '兑换积分', '留空表示免费领取')}
        <Toggle
          label='会员可在领券中心领取'
          hint='关闭后只能由总部、门店运营或规则发放'
          on={draft.claimable}
          testId='coupon-claimable'
          onChange={(claimable) => set({ claimable })}
        />
        <Toggle
          label='门店运营可发放'
          hint='打开后门店运营可在社群发券时选择这张券'
          on={draft.releasedToManagers}
          testId='coupon-released'
          onChange={(releasedToManagers) => set({ releasedToManagers })}
        />
        {problems.releasedToManagers && <Text className='hq-problem'>{problems.releasedToManagers}</Text>}
        <Button
          className='primary-button'
          data-testid='coupon-save'
          disabled={busy || !result || (touched && 'problems' in result) || undefined}
          onClick={() => void save()}
        >
          {editing ? (result ? '保存修改' : '没有改动') : '创建模板'}
        </Button>
      </Section>
      <Section title='优惠券模板'>
        <Screen state={state} onRetry={() => void reload()}>
          {({ templates }) => (
            <>
              {templates.length === 0 && <Empty text='还没有优惠券模板：在左侧新建第一张' />}
              {templates.map((template) => (
                <View key={template.id} className='hq-row' data-testid='coupon-template'>
                  <View className='hq-row__body'>
                    <View className='hq-row__line'>
                      <Text className='hq-row__title'>{template.name}</Text>
                      <StatusTag status={template.status} />
                      {template.releasedToManagers && <Text className='tag offers-tag'>门店运营可发</Text>}
                      {template.pointsPrice && <Text className='tag offers-tag'>{template.pointsPrice} 积分兑换</Text>}
                    </View>
                    <Text className='hq-row__meta'>
                      {benefitText(template.benefit)} · {validityText(template.validity, timeZone)}
                    </Text>
                    <Text className='hq-row__meta' data-testid='coupon-template-figures'>
                      库存 {template.remainingStock}/{template.totalStock} · 已发 {template.claimedCount} 张 · 已用{' '}
                      {template.usedCount} 张 · 每人限 {template.perMemberLimit} 张 · {dayText(template.createdAt)}创建
                    </Text>
                  </View>
                  <View className='hq-row__actions'>
                    <Text
                      className='hq-link'
                      data-testid='coupon-template-edit'
                      onClick={() => {
                        setEditing(template);
                        setDraft(draftOfTemplate(template, timeZone, today()));
                        setTouched(false);
                      }}
                    >
                      修改
                    </Text>
                    <Text
                      className={`hq-link${template.status === 'active' ? ' hq-link--danger' : ''}`}
                      data-testid='coupon-template-toggle'
                      onClick={() =>
                        void act(
                          () =>
                            callAsMember(template.status === 'active' ? retireCouponTemplate : reactivateCouponTemplate, {
                              params: { templateId: template.id },
                            }),
                          template.status === 'active' ? '已停发' : '已恢复发放',
                        )
                      }
                    >
                      {template.status === 'active' ? '停发' : '恢复'}
                    </Text>
                  </View>
                </View>
              ))}
            </>
          )}
        </Screen>
      </Section>
    </View>
  );
}

const GIFT_FIELDS: Array<{ name: GiftField; label: string; placeholder: string }> = [
  { name: 'name', label: '礼品名称', placeholder: '如 品牌帆布袋' },
  { name: 'pointsCost', label: '所需积分', placeholder: '如 300' },
  { name: 'stock', label: '剩余库存', placeholder: '还可兑换多少件' },
  { name: 'perMemberLimit', label: '每人限兑', placeholder: '如 1' },
];

function Gifts() {
  const { state, reload } = useRemote(() => callAsMember(listHqGifts, { query: {} }));
  const { busy, act } = useOfferAction(reload);
  const [editing, setEditing] = useState<HqGiftView | undefined>();
  const [draft, setDraft] = useState<GiftDraft>(EMPTY_GIFT);
  const [touched, setTouched] = useState(false);

  const result = editing ? giftChangesOf(editing, draft) : newGiftOf(draft);
  const problems = touched && result && 'problems' in result ? result.problems : {};
  const reset = () => {
    setEditing(undefined);
    setDraft(EMPTY_GIFT);
    setTouched(false);
  };
  const save = async () => {
    setTouched(true);
    if (!result || 'problems' in result || busy) return;
    const ok = await act(
      () =>
        'gift' in result
          ? callAsMember(createGift, { body: result.gift })
          : callAsMember(updateGift, { params: { giftId: editing!.id }, body: result.changes }),
      editing ? '已保存' : '已上架',
    );
    if (ok) reset();
  };

  return (
    <View className='hq-columns'>
      <Section
        title={editing ? `修改「${editing.name}」` : '新增积分礼品'}
        extra={
          editing && (
            <Text className='hq-link' onClick={reset}>
              取消修改
            </Text>
          )
        }
      >
        {GIFT_FIELDS.map(({ name, label, placeholder }) => (
          <Field
            key={name}
            label={label}
            value={draft[name]}
            placeholder={placeholder}
            testId={`gift-${name}`}
            problem={problems[name]}
            onInput={(value) => setDraft((d) => ({ ...d, [name]: value }))}
          />
        ))}
        <View className='offers-stack'>
          <Text className='form-row__label offers-label'>说明</Text>
          <Textarea
            className='form-row__input offers-textarea'
            data-testid='gift-description'
            placeholder='会员在积分商城看到的介绍，可不填'
            value={draft.description}
            maxlength={500}
            onInput={(event) => setDraft((d) => ({ ...d, description: event.detail.value }))}
          />
        </View>
        {problems.description && <Text className='hq-problem'>{problems.description}</Text>}
        {editing && <Text className='form-hint'>已兑换 {editing.redeemedCount} 件；改积分只影响之后的兑换</Text>}
        <Button
          className='primary-button'
          data-testid='gift-save'
          disabled={busy || !result || (touched && 'problems' in result) || undefined}
          onClick={() => void save()}
        >
          {editing ? (result ? '保存修改' : '没有改动') : '上架礼品'}
        </Button>
      </Section>
      <Section title='积分礼品'>
        <Screen state={state} onRetry={() => void reload()}>
          {({ gifts }) => (
            <>
              {gifts.length === 0 && <Empty text='还没有积分礼品：在左侧上架第一件' />}
              {gifts.map((gift) => (
                <View key={gift.id} className='hq-row' data-testid='gift-row'>
                  <View className='hq-row__body'>
                    <View className='hq-row__line'>
                      <Text className='hq-row__title'>{gift.name}</Text>
                      <StatusTag status={gift.status} />
                    </View>
                    <Text className='hq-row__meta'>
                      {gift.pointsCost} 积分 · 剩余 {gift.stock} 件 · 已兑换 {gift.redeemedCount} 件 · 每人限兑{' '}
                      {gift.perMemberLimit} 件
                    </Text>
                    {gift.description && <Text className='hq-row__meta'>{gift.description}</Text>}
                  </View>
                  <View className='hq-row__actions'>
                    <Text
                      className='hq-link'
                      data-testid='gift-edit'
                      onClick={() => {
                        setEditing(gift);
                        setDraft(draftOfGift(gift));
                        setTouched(false);
                      }}
                    >
                      修改
                    </Text>
                    <Text
                      className={`hq-link${gift.status === 'active' ? ' hq-link--danger' : ''}`}
                      data-testid='gift-toggle'
                      onClick={() =>
                        void act(
                          () =>
                            callAsMember(gift.status === 'active' ? retireGift : reactivateGift, {
                              params: { giftId: gift.id },
                            }),
                          gift.status === 'active' ? '已下架' : '已重新上架',
                        )
                      }
                    >
                      {gift.status === 'active' ? '下架' : '上架'}
                    </Text>
                  </View>
                </View>
              ))}
            </>
          )}
        </Screen>
      </Section>
    </View>
  );
}

/** HQ's offers: the coupon templates (and which ones store managers may send) and the points gifts. */
export default function HqOffersPage() {
  const [area, setArea] = useState<Area>('coupons');
  return (
    <View className='page hq'>
      <HqOnly role={staffRoleOfSession()}>
        <Tabs tabs={AREAS} value={area} onChange={setArea} />
        {area === 'coupons' ? <CouponTemplates /> : <Gifts />}
      </HqOnly>
    </View>
  );
}
