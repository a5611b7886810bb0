import { useEffect, useRef, useState } from 'react';
import { Button, Input, Picker, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import {
  addMonthsToMonth,
  brandDay,
  brandLastDay,
  CampaignInput,
  CouponPackInput,
  createCouponPack,
  createEarningCampaign,
  FESTIVAL_PRESETS,
  getProgramOverview,
  listCouponPacks,
  listHqCouponTemplates,
  previewCampaignReach,
  readFestivalCalendar,
  retireCouponPack,
  setOverlapPolicy,
  type CalendarEntry,
  type CalendarMonth,
  type CampaignReach,
  type CouponPackView,
  type TierDefinition,
} from '@memberloop/shared';
import { Empty, Screen, Section } from '../../components/Screen';
import { useAction } from '../../hooks/use-action';
import { useRemote } from '../../hooks/use-remote';
import { brandTimeZone } from '../../services/brand-time-zone';
import { checkContract } from '../../services/contract-check';
import { callAsMember, staffRoleOfSession } from '../../services/session';
import {
  applyPreset,
  dayLabel,
  entryText,
  monthCells,
  monthOf,
  newCalendarDraft,
  reachQueryOf,
  applyBirthdayMonth,
  birthdayLine,
  requestBody,
  switchKind,
  toggleTemplate,
  type CalendarDraft,
  type CalendarKind,
} from './calendar-form';
import { CALENDAR_TEXT as T } from './calendar-text';
import { HqOnly } from './hq-only';
import './hq.css';
import './campaigns.css';
import './calendar.css';

const KINDS: CalendarKind[] = ['multiplier', 'coupon-pack'];
const REACH_DELAY_MS = 400;

/** HQ's festival calendar: a Beijing month of campaigns, presets to start from, the reach before saving, coupon packs. */
export default function HqCalendarPage() {
  const zone = brandTimeZone();
  const [month, setMonth] = useState(() => monthOf(brandDay(new Date(), zone)));
  const grid = useRemote(() => callAsMember(readFestivalCalendar, { query: { month } }));
  const setup = useRemote(async () => {
    const [programme, templates, packs] = await Promise.all([
      callAsMember(getProgramOverview),
      callAsMember(listHqCouponTemplates, { query: { status: 'active' } }),
      callAsMember(listCouponPacks),
    ]);
    return { tiers: programme.tiers, templates: templates.templates, packs: packs.packs };
  });
  const { reload: reloadGrid } = grid;
  const shownMonth = useRef(month);
  useEffect(() => {
    // The grid loads again for each other month shown (the first is loaded by useRemote).
    if (shownMonth.current === month) return;
    shownMonth.current = month;
    void reloadGrid();
  }, [month, reloadGrid]);

  const saved = async (startsAt: string) => {
    const shown = monthOf(brandDay(startsAt, zone));
    if (shown !== month) setMonth(shown);
    else await grid.reload();
    await setup.reload();
  };

  return (
    <View className='page hq'>
      <HqOnly role={staffRoleOfSession()}>
        <View className='hq-columns'>
          <Section title={T.title}>
            <View className='calendar-nav'>
              <Text className='hq-link' data-testid='calendar-prev' onClick={() => setMonth(addMonthsToMonth(month, -1))}>
                ‹ {T.previous}
              </Text>
              <Text className='calendar-nav__title' data-testid='calendar-month'>
                {T.monthTitle(month)}
              </Text>
              <Text className='hq-link' data-testid='calendar-next' onClick={() => setMonth(addMonthsToMonth(month, 1))}>
                {T.next} ›
              </Text>
            </View>
            <Screen state={grid.state} onRetry={() => void grid.reload()}>
              {(calendar) => <MonthGrid calendar={calendar} onChanged={() => grid.reload()} />}
            </Screen>
          </Section>
          <Screen state={setup.state} onRetry={() => void setup.reload()}>
            {({ tiers, templates, packs }) => (
              <View>
                <CampaignForm
                  tiers={tiers}
                  templates={templates.map((t) => ({ id: t.id, name: t.name }))}
                  month={month}
                  onSaved={saved}
                />
                <PackList packs={packs} onChanged={() => Promise.all([setup.reload(), grid.reload()]).then(() => undefined)} />
              </View>
            )}
          </Screen>
        </View>
      </HqOnly>
    </View>
  );
}

// ------------------------------------------------------------------ the month grid

function MonthGrid({ calendar, onChanged }: { calendar: CalendarMonth; onChanged: () => Promise<void> }) {
  const zone = calendar.timeZone;
  const today = brandDay(new Date(), zone);
  const cells = monthCells(calendar.month, calendar.entries, zone);
  const [picked, setPicked] = useState<string | undefined>();
  const { busy, run } = useAction();
  const pickedEntries = picked ? (cells.find((c) => c.day === picked)?.entries ?? []) : [];
  const birthdays = calendar.birthdayMultipliers.map((b) => `${b.tierName} ×${b.multiplier}`).join('、');
  const birthdayPacks = birthdayLine(calendar.entries);

  const changeOverlap = async (choice: 'best' | 'multiply') => {
    if (choice === calendar.promotionStacking || busy) return;
    const answer = await Taro.showModal({ title: T.overlapConfirmTitle, content: T.overlapConfirm(T.overlapChoice[choice]) });
    if (!answer.confirm) return;
    const changed = await run(
      () => callAsMember(setOverlapPolicy, { body: { promotionStacking: choice } }),
      `overlap:${choice}`,
      {
        success: T.overlapSaved,
        refusals: T.refusals,
      },
    );
    if (changed) await onChanged();
  };

  return (
    <View>
      <Text className='form-hint'>{T.timeZoneHint}</Text>
      {birthdayPacks && (
        <Text className='calendar-entry calendar-entry--coupon-pack calendar-birthday-line' data-testid='calendar-birthday-line'>
          {T.birthdayLine(birthdayPacks)}
        </Text>
      )}
      <View className='calendar-grid' data-testid='calendar-grid'>
        {T.weekdays.map((w) => (
          <Text key={w} className='calendar-grid__weekday'>
            {w}
          </Text>
        ))}
        {cells.map((cell, i) =>
          cell.day ? (
            <View
              key={cell.day}
              className={`calendar-cell${cell.day === today ? ' calendar-cell--today' : ''}${
                cell.day === picked ? ' calendar-cell--picked' : ''
              }`}
              data-testid='calendar-day'
              data-day={cell.day}
              onClick={() => setPicked(cell.day)}
            >
              <Text className='calendar-cell__day'>{Number(cell.day.slice(8))}</Text>
              {cell.entries.slice(0, 2).map((entry) => (
                <Text
                  key={`${entry.kind}:${entry.id}:${'occurrence' in entry ? entry.occurrence : ''}`}
                  className={`calendar-entry calendar-entry--${entry.kind}`}
                  data-testid='calendar-entry'
                >
                  {entryText(entry)}
                </Text>
              ))}
              {cell.entries.length > 2 && <Text className='calendar-entry__more'>{T.more(cell.entries.length - 2)}</Text>}
            </View>
          ) : (
            <View key={`blank-${i}`} className='calendar-cell calendar-cell--blank' />
          ),
        )}
      </View>
      {picked && (
        <View className='calendar-day' data-testid='calendar-day-detail'>
          <Text className='calendar-day__title'>{T.dayTitle(picked)}</Text>
          {pickedEntries.length === 0 && <Text className='form-hint'>{T.dayEmpty}</Text>}
          {pickedEntries.map((entry) => (
            <EntryRow
              key={`${entry.kind}:${entry.id}:${'occurrence' in entry ? entry.occurrence : ''}`}
              entry={entry}
              zone={zone}
            />
          ))}
        </View>
      )}
      <View className='calendar-policy' data-testid='calendar-overlap'>
        <Text className='calendar-policy__title'>{T.overlapTitle}</Text>
        <View className='hq-chips'>
          {(['best', 'multiply'] as const).map((choice) => (
            <Text
              key={choice}
              className={`hq-segment${calendar.promotionStacking === choice ? ' hq-segment--on' : ''}`}
              data-testid='calendar-overlap-choice'
              onClick={() => void changeOverlap(choice)}
            >
              {T.overlapChoice[choice]}
            </Text>
          ))}
        </View>
        <Text className='form-hint' data-testid='calendar-overlap-text'>
          {T.overlap[calendar.promotionStacking]}
        </Text>
        <Text className='form-hint' data-testid='calendar-birthday'>
          {birthdays ? T.birthday(birthdays) : T.birthdayNone}
        </Text>
      </View>
    </View>
  );
}

function EntryRow({ entry, zone }: { entry: CalendarEntry; zone: string }) {
  return (
    <View className='hq-row'>
      <View className='hq-row__body'>
        <View className='hq-row__line'>
          <Text className='hq-row__title'>{entry.name}</Text>
          <Text className={`hq-status hq-status--${entry.status}`}>{T.status[entry.status]}</Text>
        </View>
        <Text className='hq-row__meta'>
          {T.window(dayLabel(brandDay(entry.startsAt, zone)), dayLabel(brandLastDay(entry.endsAt, zone)))}
        </Text>
      </View>
      <Text className='hq-multiplier'>{entry.kind === 'multiplier' ? `×${entry.multiplier}` : T.kinds['coupon-pack']}</Text>
    </View>
  );
}

// ------------------------------------------------------------------ the form

function CampaignForm(props: {
  tiers: TierDefinition[];
  templates: Array<{ id: string; name: string }>;
  month: string;
  onSaved: (startsAt: string) => Promise<void>;
}) {
  const { tiers, templates, month, onSaved } = props;
  const zone = brandTimeZone();
  const [draft, setDraftState] = useState<CalendarDraft>(() => newCalendarDraft(new Date(), zone));
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [reach, setReach] = useState<CampaignReach | 'loading' | 'failed'>('loading');
  const { busy, run } = useAction();
  // A change of the form clears what the last save named: it is checked again at the next save.
  const setDraft = (next: CalendarDraft) => {
    setDraftState(next);
    setProblems({});
  };
  const set = (changes: Partial<CalendarDraft>) => setDraft({ ...draft, ...changes });
  const reachKey = JSON.stringify(reachQueryOf(draft));

  useEffect(() => {
    let current = true;
    setReach('loading');
    const timer = setTimeout(() => {
      callAsMember(previewCampaignReach, { query: reachQueryOf(draft) })
        .then((r) => current && setReach(r))
        .catch(() => current && setReach('failed'));
    }, REACH_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
    // The preview depends on the targeting only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [reachKey]);

  const preset = (choice: (typeof FESTIVAL_PRESETS)[number]) => {
    const filled = applyPreset(draft, choice, month, new Date(), zone);
    if (!filled) {
      void Taro.showToast({ title: T.presetUnavailable, icon: 'none' });
      return;
    }
    setDraft(filled);
  };

  const save = async () => {
    const body = requestBody(draft, zone);
    const checked =
      draft.kind === 'multiplier' ? checkContract(CampaignInput, body, T.faults) : checkContract(CouponPackInput, body, T.faults);
    setProblems(checked.problems);
    if (!checked.ok || busy) return;
    const created = await run(
      async (): Promise<{ startsAt: string }> =>
        draft.kind === 'multiplier'
          ? callAsMember(createEarningCampaign, { body: checked.value as CampaignInput })
          : callAsMember(createCouponPack, { body: checked.value as CouponPackInput }),
      `calendar:${JSON.stringify(checked.value)}`,
      { success: T.saved, refusals: T.refusals, reasons: T.reasons },
    );
    if (!created) return;
    setDraft(newCalendarDraft(new Date(), zone));
    await onSaved(created.startsAt);
  };

  const toggle = <V,>(items: V[], item: V) => (items.includes(item) ? items.filter((i) => i !== item) : [...items, item]);

  return (
    <Section title={T.formTitle}>
      <Text className='form-hint'>{T.kind}</Text>
      <View className='hq-chips'>
        {KINDS.map((kind) => (
          <Text
            key={kind}
            className={`hq-segment${draft.kind === kind ? ' hq-segment--on' : ''}`}
            data-testid='calendar-kind'
            onClick={() => setDraft(switchKind(draft, kind, month, new Date(), zone))}
          >
            {T.kinds[kind]}
          </Text>
        ))}
      </View>
      <Text className='form-hint'>{T.presets}</Text>
      <View className='hq-chips'>
        {FESTIVAL_PRESETS.map((p) => (
          <Text
            key={p}
            className={`hq-segment${draft.preset === p ? ' hq-segment--on' : ''}`}
            data-testid='calendar-preset'
            onClick={() => preset(p)}
          >
            {T.presetLabel[p]}
          </Text>
        ))}
        <Text
          className={`hq-segment${draft.birthdayMonth ? ' hq-segment--on' : ''}`}
          data-testid='calendar-birthday-month'
          onClick={() => setDraft(applyBirthdayMonth(draft, new Date(), zone))}
        >
          {T.birthdayMonthChip}
        </Text>
      </View>
      <Text className='form-hint'>{T.presetHint}</Text>
      <View className='form-row'>
        <Text className='form-row__label'>{T.name}</Text>
        <Input
          className='form-row__input'
          data-testid='calendar-name'
          placeholder={T.namePlaceholder}
          maxlength={40}
          value={draft.name}
          onInput={(e) => set({ name: e.detail.value })}
        />
      </View>
      {problems.name && <Text className='hq-problem'>{problems.name}</Text>}
      {draft.kind === 'multiplier' && (
        <View className='form-row'>
          <Text className='form-row__label'>{T.multiplier}</Text>
          <Input
            className='form-row__input'
            data-testid='calendar-multiplier'
            type='digit'
            placeholder={T.multiplierPlaceholder}
            value={draft.multiplier}
            onInput={(e) => set({ multiplier: e.detail.value })}
          />
          <Text className='hq-rule__unit'>{T.multiplierUnit}</Text>
        </View>
      )}
      {problems.multiplier && <Text className='hq-problem'>{problems.multiplier}</Text>}
      <View className='form-row' data-testid='calendar-first-day'>
        <Text className='form-row__label'>{T.firstDay}</Text>
        <View className='hq-moment'>
          <Picker mode='date' value={draft.firstDay} onChange={(e) => set({ firstDay: e.detail.value })}>
            <Text className='hq-pick' data-testid='calendar-first-day-value'>
              {draft.firstDay}
            </Text>
          </Picker>
        </View>
      </View>
      {problems.startsAt && <Text className='hq-problem'>{problems.startsAt}</Text>}
      <View className='form-row' data-testid='calendar-last-day'>
        <Text className='form-row__label'>{T.lastDay}</Text>
        <View className='hq-moment'>
          <Picker mode='date' value={draft.lastDay} onChange={(e) => set({ lastDay: e.detail.value })}>
            <Text className='hq-pick' data-testid='calendar-last-day-value'>
              {draft.lastDay}
            </Text>
          </Picker>
        </View>
      </View>
      {problems.endsAt && <Text className='hq-problem'>{problems.endsAt}</Text>}
      {draft.kind === 'multiplier' && draft.memberDay !== undefined && (
        <Text className='form-hint calendar-hint' data-testid='calendar-send-hint'>
          {T.memberDayHint(draft.memberDay, draft.kind)}
        </Text>
      )}
      {draft.kind === 'coupon-pack' && (
        <View>
          <Text className='form-hint calendar-hint' data-testid='calendar-send-hint'>
            {draft.birthdayMonth
              ? T.birthdayMonthHint
              : draft.memberDay !== undefined
                ? T.memberDayHint(draft.memberDay, draft.kind)
                : T.once}
          </Text>
          <Text className='form-hint calendar-hint'>{T.templates}</Text>
          {templates.length === 0 && <Text className='form-hint calendar-hint'>{T.noTemplates}</Text>}
          <View className='hq-chips'>
            {templates.map((template) => (
              <Text
                key={template.id}
                className={`hq-segment${draft.templateIds.includes(template.id) ? ' hq-segment--on' : ''}`}
                data-testid='calendar-template'
                onClick={() => {
                  const next = toggleTemplate(draft, template.id);
                  if (next) setDraft(next);
                  else void Taro.showToast({ title: T.tooManyTemplates, icon: 'none' });
                }}
              >
                {template.name}
              </Text>
            ))}
          </View>
          {problems.templateIds && <Text className='hq-problem'>{problems.templateIds}</Text>}
          {problems.recurrence && <Text className='hq-problem'>{problems.recurrence}</Text>}
        </View>
      )}
      <Text className='form-hint'>{T.tiers}</Text>
      <View className='hq-chips'>
        {tiers.map((tier) => (
          <Text
            key={tier.code}
            className={`hq-segment${draft.tierCodes.includes(tier.code) ? ' hq-segment--on' : ''}`}
            data-testid='calendar-tier'
            onClick={() => set({ tierCodes: toggle(draft.tierCodes, tier.code) })}
          >
            {tier.name}
          </Text>
        ))}
      </View>
      <View className='form-row'>
        <Text className='form-row__label'>{T.regions}</Text>
        <Input
          className='form-row__input'
          data-testid='calendar-regions'
          placeholder={T.regionsPlaceholder}
          value={draft.regions}
          onInput={(e) => set({ regions: e.detail.value })}
        />
      </View>
      {problems.regions && <Text className='hq-problem'>{problems.regions}</Text>}
      <Text className='calendar-reach' data-testid='calendar-reach'>
        {reach === 'loading'
          ? T.reachLoading
          : reach === 'failed'
            ? T.reachFailed
            : draft.kind === 'multiplier'
              ? T.reachMultiplier(reach.reach)
              : reach.birthdayMonth
                ? T.reachBirthday(reach.birthdayMonth, reach.reach, reach.targeted)
                : T.reachPack(reach.reach, reach.targeted)}
      </Text>
      <Button
        className='primary-button'
        data-testid='calendar-save'
        disabled={busy || undefined}
        loading={busy}
        onClick={() => void save()}
      >
        {T.save}
      </Button>
    </Section>
  );
}

// ------------------------------------------------------------------ coupon packs

function PackList({ packs, onChanged }: { packs: CouponPackView[]; onChanged: () => Promise<void> }) {
  const zone = brandTimeZone();
  const { run } = useAction();
  const stop = async (pack: CouponPackView) => {
    const answer = await Taro.showModal({ title: T.stopTitle, content: T.stopConfirm(pack.name) });
    if (!answer.confirm) return;
    const stopped = await run(() => callAsMember(retireCouponPack, { params: { packId: pack.id } }), `stop:${pack.id}`, {
      success: T.stopped,
      refusals: T.refusals,
    });
    if (stopped) await onChanged();
  };
  return (
    <Section title={T.packsTitle}>
      {packs.length === 0 && <Empty text={T.packsEmpty} />}
      {packs.map((pack) => {
        const sums = pack.occurrences.reduce(
          (s, o) => ({
            sent: s.sent + o.counts.sent,
            noConsent: s.noConsent + o.counts.noConsent,
            recent: s.recent + o.counts.contactedRecently,
            undelivered: s.undelivered + o.counts.undelivered,
          }),
          { sent: 0, noConsent: 0, recent: 0, undelivered: 0 },
        );
        return (
          <View key={pack.id} className='hq-row' data-testid='calendar-pack'>
            <View className='hq-row__body'>
              <View className='hq-row__line'>
                <Text className='hq-row__title'>{pack.name}</Text>
                <Text className={`hq-status hq-status--${pack.status}`}>{T.status[pack.status]}</Text>
              </View>
              <Text className='hq-row__meta'>
                {T.window(dayLabel(brandDay(pack.startsAt, zone)), dayLabel(brandLastDay(pack.endsAt, zone)))}
              </Text>
              {pack.recurrence && (
                <Text className='hq-row__meta'>
                  {pack.recurrence.kind === 'birthday-month'
                    ? T.birthdayRecurrence(pack.occurrences.length)
                    : T.recurrence(pack.recurrence.dayOfMonth, pack.occurrences.length)}
                </Text>
              )}
              <Text className='hq-row__meta'>{pack.templates.map((t) => t.name).join('、')}</Text>
              <Text className='hq-row__meta' data-testid='calendar-pack-counts'>
                {pack.status === 'scheduled'
                  ? T.notSentYet(dayLabel(brandDay(pack.occurrences[0]?.startsAt ?? pack.startsAt, zone)))
                  : T.counts(sums.sent, sums.noConsent, sums.recent, sums.undelivered)}
              </Text>
            </View>
            {(pack.status === 'scheduled' || pack.status === 'running') && (
              <View className='hq-row__actions'>
                <Text className='hq-link hq-link--danger' data-testid='calendar-pack-stop' onClick={() => void stop(pack)}>
                  {T.stop}
                </Text>
              </View>
            )}
          </View>
        );
      })}
    </Section>
  );
}
