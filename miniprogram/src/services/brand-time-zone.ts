import { DEFAULT_BRAND_TIME_ZONE, getProgramOverview } from '@memberloop/shared';
import { callEndpoint } from './api-client';

let known = DEFAULT_BRAND_TIME_ZONE;
let loading: Promise<string> | undefined;

/** The brand's time zone as far as the app knows it: the default until the programme overview has answered. */
export function brandTimeZone(): string {
  return known;
}

/**
 * Learns the brand's time zone from the programme overview, once per launch (a failed call is tried again on the
 * next screen). Never fails: without an answer, dates read in the default zone.
 */
export function loadBrandTimeZone(): Promise<string> {
  loading ??= callEndpoint(getProgramOverview).then(
    (programme) => (known = programme.timeZone || DEFAULT_BRAND_TIME_ZONE),
    () => {
      loading = undefined;
      return known;
    },
  );
  return loading;
}
