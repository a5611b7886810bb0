import { useState } from 'react';
import { Button, Input, Picker, Text, View } from '@tarojs/components';
import { brandDay, brandMoment, FxRateInput, listFxRates, uploadFxRates, type FxRate } from '@memberloop/shared';
import { Empty, Screen, Section } from '../../components/Screen';
import { useAction } from '../../hooks/use-action';
import { useRemote } from '../../hooks/use-remote';
import { brandTimeZone } from '../../services/brand-time-zone';
import { checkContract } from '../../services/contract-check';
import { dateTimeText } from '../../services/date-text';
import { callAsMember, staffRoleOfSession } from '../../services/session';
import { FX_TEXT } from './fx-rates-text';
import { HqOnly } from './hq-only';
import './hq.css';

/** HQ's exchange-rate table: purchases abroad earn on their yuan amount at the rate valid when they were paid. */
export default function HqFxRatesPage() {
  const { state, reload } = useRemote(async () => (await callAsMember(listFxRates, { query: {} })).rates);
  const [currency, setCurrency] = useState('');
  const [rate, setRate] = useState('');
  const [day, setDay] = useState(() => brandDay(Date.now(), brandTimeZone()));
  const [clock, setClock] = useState('00:00');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const { busy, run } = useAction();

  const save = async () => {
    const input = {
      currency: currency.trim().toUpperCase(),
      rate: rate.trim(),
      validFrom: day ? brandMoment(day, clock, brandTimeZone()).toISOString() : '',
    };
    const checked = checkContract(FxRateInput, input, FX_TEXT.faults);
    setProblems(checked.problems);
    if (!checked.ok) return;
    const result = await run(
      () => callAsMember(uploadFxRates, { body: { rates: [checked.value] } }),
      `fx-${input.currency}-${input.validFrom}`,
      {
        success: (r) => (r.added > 0 ? FX_TEXT.saved : FX_TEXT.unchanged),
        refusals: { FX_RATE_CONFLICT: FX_TEXT.conflict },
      },
    );
    if (result) {
      setRate('');
      await reload();
    }
  };

  return (
    <View className='page hq'>
      <HqOnly role={staffRoleOfSession()}>
        <View className='hq-columns'>
          <Section title={FX_TEXT.addSection}>
            <Text className='form-hint'>{FX_TEXT.hint}</Text>
            <View className='form-row'>
              <Text className='form-row__label'>{FX_TEXT.currency}</Text>
              <Input
                className='form-row__input'
                data-testid='fx-currency'
                maxlength={3}
                placeholder={FX_TEXT.currencyPlaceholder}
                value={currency}
                onInput={(event) => setCurrency(event.detail.value.toUpperCase())}
              />
            </View>
            {problems.currency && <Text className='hq-problem'>{problems.currency}</Text>}
            <View className='form-row'>
              <Text className='form-row__label'>{FX_TEXT.rate}</Text>
              <Input
                className='form-row__input'
                data-testid='fx-rate'
                type='digit'
                maxlength={12}
                placeholder={FX_TEXT.ratePlaceholder}
                value={rate}
                onInput={(event) => setRate(event.detail.value)}
              />
            </View>
            {problems.rate && <Text className='hq-problem'>{problems.rate}</Text>}
            <View className='form-row'>
              <Text className='form-row__label'>{FX_TEXT.validFrom}</Text>
              <Picker mode='date' value={day} onChange={(event) => setDay(event.detail.value)}>
                <Text className='form-row__input' data-testid='fx-day'>
                  {day}
                </Text>
              </Picker>
              <Picker mode='time' value={clock} onChange={(event) => setClock(event.detail.value)}>
                <Text className='form-row__input'>{clock}</Text>
              </Picker>
            </View>
            <Text className='form-hint'>{FX_TEXT.validFromHint}</Text>
            {problems.validFrom && <Text className='hq-problem'>{problems.validFrom}</Text>}
            <Button
              className='primary-button'
              data-testid='fx-save'
              disabled={busy || undefined}
              loading={busy}
              onClick={() => void save()}
            >
              {busy ? FX_TEXT.saving : FX_TEXT.save}
            </Button>
          </Section>
          <Screen state={state} onRetry={() => void reload()}>
            {(rates: FxRate[]) => (
              <Section title={FX_TEXT.tableSection(rates.length)}>
                {rates.length === 0 && <Empty text={FX_TEXT.empty} />}
                {rates.map((r) => (
                  <View key={`${r.currency}-${r.validFrom}`} className='hq-row' data-testid='fx-row'>
                    <View className='hq-row__body'>
                      <View className='hq-row__line'>
                        <Text className='hq-row__title'>{FX_TEXT.rateLine(r.currency, r.rate)}</Text>
                      </View>
                      <Text className='hq-row__meta'>{FX_TEXT.since(dateTimeText(r.validFrom), r.source)}</Text>
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
