import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiCallError, messageOf } from '../services/api-client';

/** A short-lived signed code (a check-in QR token) and when the server says it stops working. */
export interface ExpiringCode {
  token: string;
  expiresAt: string;
  /** Six digits to type where the code cannot be scanned (a member's check-in code). */
  shortCode?: string;
}

/** Fetch a fresh code this long before the one on screen runs out, so the code shown always scans. */
export const REFRESH_EARLY_MS = 10_000;
/** Never ask more often than this, even when a code is (by the phone's clock) about to expire. */
export const MIN_REFRESH_MS = 5_000;
/**
 * Never keep a code longer than this: the expiry is the server's time and a phone's clock may run behind it, so
 * the code is renewed at least this often whatever the expiry says (the codes live one or two minutes).
 */
export const MAX_REFRESH_MS = 50_000;
/** After a network failure, try again this soon. */
export const RETRY_MS = 5_000;

/** How long to show a code that expires at `expiresAt` before fetching the next one. */
export function refreshDelayMs(expiresAt: string, now: number): number {
  const untilExpiry = Date.parse(expiresAt) - now;
  if (Number.isNaN(untilExpiry)) return MIN_REFRESH_MS;
  return Math.min(MAX_REFRESH_MS, Math.max(MIN_REFRESH_MS, untilExpiry - REFRESH_EARLY_MS));
}

export type RotatingCode =
  | { kind: 'loading' }
  /** `problem`: the last renewal failed (the code shown may be stale); it is retried. */
  | { kind: 'ready'; token: string; shortCode?: string; refreshInSeconds: number; problem?: string }
  /** `retrying`: a network failure, tried again shortly; otherwise the server refused (call `retry`). */
  | { kind: 'failed'; message: string; retrying: boolean };

/**
 * Shows a rotating code while the component is mounted and `active`: fetches one, renews it before it expires
 * (see refreshDelayMs), retries network failures and stops on a refusal (check-in closed, not confirmed).
 * `fetchCode` and `wording` (the page's words for error codes) may change identity between renders: the latest are used.
 */
export function useRotatingCode(
  fetchCode: () => Promise<ExpiringCode>,
  { active = true, wording = {} }: { active?: boolean; wording?: Parameters<typeof messageOf>[1] } = {},
): { code: RotatingCode; retry: () => void } {
  const [code, setCode] = useState<RotatingCode>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const fetcher = useRef(fetchCode);
  fetcher.current = fetchCode;
  const words = useRef(wording);
  words.current = wording;

  useEffect(() => {
    if (!active) return undefined;
    let stopped = false;
    let renewal: ReturnType<typeof setTimeout> | undefined;
    let ticker: ReturnType<typeof setInterval> | undefined;
    let current: ExpiringCode | undefined;

    const countDown = (renewAt: number) => {
      clearInterval(ticker);
      const tick = () =>
        setCode((shown) =>
          shown.kind === 'ready' ? { ...shown, refreshInSeconds: Math.max(0, Math.ceil((renewAt - Date.now()) / 1000)) } : shown,
        );
      ticker = setInterval(tick, 1000);
    };

    const renew = async () => {
      try {
        const fresh = await fetcher.current();
        if (stopped) return;
        current = fresh;
        const delay = refreshDelayMs(fresh.expiresAt, Date.now());
        setCode({
          kind: 'ready',
          token: fresh.token,
          ...(fresh.shortCode ? { shortCode: fresh.shortCode } : {}),
          refreshInSeconds: Math.ceil(delay / 1000),
        });
        renewal = setTimeout(() => void renew(), delay);
        countDown(Date.now() + delay);
      } catch (error) {
        if (stopped) return;
        const retrying = !(error instanceof ApiCallError) || error.code === 'NETWORK_ERROR';
        const message = messageOf(error, words.current);
        // A code still within its life stays on screen while a network hiccup is retried.
        if (retrying && current && Date.parse(current.expiresAt) > Date.now()) {
          const kept = current;
          setCode({
            kind: 'ready',
            token: kept.token,
            ...(kept.shortCode ? { shortCode: kept.shortCode } : {}),
            refreshInSeconds: RETRY_MS / 1000,
            problem: message,
          });
          countDown(Date.now() + RETRY_MS);
        } else {
          clearInterval(ticker);
          setCode({ kind: 'failed', message, retrying });
        }
        if (retrying) renewal = setTimeout(() => void renew(), RETRY_MS);
      }
    };

    setCode({ kind: 'loading' });
    void renew();
    return () => {
      stopped = true;
      clearTimeout(renewal);
      clearInterval(ticker);
    };
  }, [active, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { code, retry };
}
