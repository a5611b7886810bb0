import { useState } from 'react';
import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import {
  createRegionPack,
  getProgramOverview,
  listHqCouponTemplates,
  listRegionPacks,
  publishRegionPack,
  updateRegionPack,
  withdrawRegionPack,
  type RegionPackView,
} from '@memberloop/shared';
import { Empty, Screen, Section } from '../../components/Screen';
import { useAction } from '../../hooks/use-action';
import { useRemote } from '../../hooks/use-remote';
import { callEndpoint } from '../../services/api-client';
import { callAsMember, staffRoleOfSession } from '../../services/session';
import { HqOnly } from './hq-only';
import { EMPTY_REGION_PACK, draftOfPack, regionPackOf, type RegionPackDraft } from './region-pack-form';
import { REGION_PACKS_TEXT as T, packSummary } from './region-benefits-text';
import './hq.css';

/**
 * HQ's region benefit packs (地区会员礼包): benefits attached to the tiers from a lowest one up, for members of some
 * regions (coupons once per tier reached, extra points on purchases there, lines on the member card). Drafts are
 * edited; a published pack's terms are fixed and it is withdrawn instead.
 */
export default function HqRegionBenefitsPage() {
  const { state, reload } = useRemote(() => callAsMember(listRegionPacks, {}));
  const tiers = useRemote(async () => (await callEndpoint(getProgramOverview)).tiers);
  const templates = useRemote(() => callAsMember(listHqCouponTemplates, { query: { status: 'active' } }));
  const [editing, setEditing] = useState<RegionPackView | undefined>();
  const [draft, setDraft] = useState<RegionPackDraft>(EMPTY_REGION_PACK);
  const [touched, setTouched] = useState(false);
  const { busy, run } = useAction();

  const checked = regionPackOf(draft);
  const problems = touched ? checked.problems : {};
  const set = (change: Partial<RegionPackDraft>) => setDraft((d) => ({ ...d, ...change }));
  const reset = () => {
    setEditing(undefined);
    setDraft(EMPTY_REGION_PACK);
    setTouched(false);
  };

  const act = async (work: () => Promise<unknown>, key: string, done: string) => {
    const ok = await run(
      async () => {
        await work();
        return true;
      },
      key,
      { success: done, refusals: T.refusals },
    );
    if (ok) await reload();
    return ok === true;
  };

  const save = async () => {
    setTouched(true);
    if (!checked.ok || busy) return;
    const body = checked.value;
    const ok = await act(
      () =>
        editing
          ? callAsMember(updateRegionPack, { params: { packId: editing.id }, body })
          : callAsMember(createRegionPack, { body }),
      `region-pack-${editing?.id ?? 'new'}`,
      editing ? T.saved : T.created,
    );
    if (ok) reset();
  };

  const toggleTemplate = (id: string) =>
    set({
      couponTemplateIds: draft.couponTemplateIds.includes(id)
        ? draft.couponTemplateIds.filter((t) => t !== id)
        : [...draft.couponTemplateIds, id],
    });

  return (
    <View className='page hq'>
      <HqOnly role={staffRoleOfSession()}>
        <View className='hq-columns'>
          <Section
            title={editing ? T.editPack(editing.name) : T.newPack}
            extra={
              editing && (
                <Text className='hq-link' onClick={reset}>
                  {T.cancelEdit}
                </Text>
              )
            }
          >
            <View className='form-row'>
              <Text className='form-row__label'>{T.name}</Text>
              <Input
                className='form-row__input'
                data-testid='pack-name'
                maxlength={20}
                placeholder={T.namePlaceholder}
                value={draft.name}
                onInput={(event) => set({ name: event.detail.value })}
              />
            </View>
            {problems.name && <Text className='hq-problem'>{problems.name}</Text>}
            <View className='form-row'>
              <Text className='form-row__label'>{T.regions}</Text>
              <Input
                className='form-row__input'
                data-testid='pack-regions'
                placeholder={T.regionsPlaceholder}
                value={draft.regions}
                onInput={(event) => set({ regions: event.detail.value })}
              />
            </View>
            <Text className='form-hint'>{T.regionsHint}</Text>
            {problems.regions && <Text className='hq-problem'>{problems.regions}</Text>}
            <View className='form-row'>
              <Text className='form-row__label'>{T.minTier}</Text>
              <Screen state={tiers.state} onRetry={() => void tiers.reload()}>
                {(ladder) => (
                  <View className='hq-segments' data-testid='pack-tier'>
                    {ladder.map((tier) => (
                      <Text
                        key={tier.code}
                        className={`hq-segment${draft.minTierCode === tier.code ? ' hq-segment--on' : ''}`}
                        onClick={() => set({ minTierCode: tier.code })}
                      >
                        {tier.name}
                      </Text>
                    ))}
                  </View>
                )}
              </Screen>
            </View>
            <Text className='form-hint'>{T.minTierHint}</Text>
            {problems.minTierCode && <Text className='hq-problem'>{problems.minTierCode}</Text>}
            <View className='form-row'>
              <Text className='form-row__label'>{T.coupons}</Text>
              <Screen state={templates.state} onRetry={() => void templates.reload()}>
                {({ templates: list }) => (
                  <View className='hq-segments' data-testid='pack-coupons'>
                    {list.length === 0 && <Text className='form-hint'>{T.couponsEmpty}</Text>}
                    {list.map((template) => (
                      <Text
                        key={template.id}
                        className={`hq-segment${draft.couponTemplateIds.includes(template.id) ? ' hq-segment--on' : ''}`}
                        onClick={() => toggleTemplate(template.id)}
                      >
                        {template.name}
                      </Text>
                    ))}
                  </View>
                )}
              </Screen>
            </View>
            <Text className='form-hint'>{T.couponsHint}</Text>
            {problems.couponTemplateIds && <Text className='hq-problem'>{problems.couponTemplateIds}</Text>}
            <View className='form-row'>
              <Text className='form-row__label'>{T.multiplier}</Text>
              <Input
                className='form-row__input'
                data-testid='pack-multiplier'
                type='digit'
                placeholder={T.multiplierPlaceholder}
                value={draft.multiplier}
                onInput={(event) => set({ multiplier: event.detail.value })}
              />
            </View>
            <Text className='form-hint'>{T.multiplierHint}</Text>
            {problems.pointsMultiplier && <Text className='hq-problem'>{problems.pointsMultiplier}</Text>}
            <View className='form-row'>
              <Text className='form-row__label'>{T.highlights}</Text>
              <Textarea
                className='form-row__input'
                data-testid='pack-highlights'
                placeholder={T.highlightsPlaceholder}
                maxlength={300}
                autoHeight
                value={draft.highlights}
                onInput={(event) => set({ highlights: event.detail.value })}
              />
            </View>
            {problems.highlights && <Text className='hq-problem'>{problems.highlights}</Text>}
            <Text className='form-hint'>{T.fixedHint}</Text>
            <Button
              className='primary-button'
              data-testid='pack-save'
              disabled={busy || (touched && !checked.ok) || undefined}
              loading={busy}
              onClick={() => void save()}
            >
              {busy ? T.saving : editing ? T.saveChanges : T.save}
            </Button>
          </Section>
          <Screen state={state} onRetry={() => void reload()}>
            {({ packs }) => (
              <Section title={T.list(packs.length)}>
                {packs.length === 0 && <Empty text={T.empty} />}
                {packs.map((pack) => (
                  <View key={pack.id} className='hq-row' data-testid='region-pack-row'>
                    <View className='hq-row__body'>
                      <View className='hq-row__line'>
                        <Text className='hq-row__title'>{pack.name}</Text>
                        <Text className={`tag${pack.status === 'published' ? '' : ' hq-tag--off'}`}>{T.status[pack.status]}</Text>
                      </View>
                      <Text className='hq-row__meta'>{packSummary(pack)}</Text>
                      {pack.highlights.map((line) => (
                        <Text key={line} className='hq-row__meta'>
                          · {line}
                        </Text>
                      ))}
                    </View>
                    <View className='hq-row__actions'>
                      {pack.status === 'draft' && (
                        <>
                          <Text
                            className='hq-link'
                            data-testid='pack-edit'
                            onClick={() => {
                              setEditing(pack);
                              setDraft(draftOfPack(pack));
                              setTouched(false);
                            }}
                          >
                            {T.edit}
                          </Text>
                          <Text
                            className='hq-link'
                            data-testid='pack-publish'
                            onClick={() =>
                              void act(
                                () => callAsMember(publishRegionPack, { params: { packId: pack.id } }),
                                `publish-${pack.id}`,
                                T.published,
                              )
                            }
                          >
                            {T.publish}
                          </Text>
                        </>
                      )}
                      {pack.status !== 'withdrawn' && (
                        <Text
                          className='hq-link hq-link--danger'
                          data-testid='pack-withdraw'
                          onClick={() =>
                            void act(
                              () => callAsMember(withdrawRegionPack, { params: { packId: pack.id } }),
                              `withdraw-${pack.id}`,
                              T.withdrawn,
                            )
                          }
                        >
                          {T.withdraw}
                        </Text>
                      )}
                    </View>
                  </View>
                ))}
              </Section>
            )}
          </Screen>
        </View>
      </HqOnly>
    </View>
  );
}
