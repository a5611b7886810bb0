import { addCalendarDays, startOfBrandDay, type GeoOfferClaimState, type GeoOfferStatus } from '@memberloop/shared';

const DAY_MS = 86_400_000;

/** An offer's days as HQ chose them and the instants they mean on the brand's clock. */
export interface OfferPeriod {
  startsOn: string;
  endsOn: string;
  startsAt: Date;
  /** 24:00 of the last day: the first instant after the offer. */
  endsAt: Date;
}

/** The brand days `startsOn`..`endsOn` (both included) as instants: 00:00 of the first day to 24:00 of the last. */
export function offerPeriod(startsOn: string, endsOn: string, timeZone: string): OfferPeriod {
  return {
    startsOn,
    endsOn,
    startsAt: startOfBrandDay(startsOn, timeZone),
    endsAt: startOfBrandDay(addCalendarDays(endsOn, 1), timeZone),
  };
}

/** What an offer's lifetime needs: its period and whether HQ ended it early. */
export interface OfferTimes {
  startsAt: Date;
  endsAt: Date;
  endedAt?: Date;
}

/** The instant an offer stops: its end, or HQ's early end when sooner. */
export function offerStopsAt(offer: OfferTimes): Date {
  return offer.endedAt && offer.endedAt < offer.endsAt ? offer.endedAt : offer.endsAt;
}

export function offerStatus(offer: OfferTimes, now: Date): GeoOfferStatus {
  if (offer.endedAt && offer.endedAt <= now && offer.endedAt < offer.endsAt) return 'ended';
  if (now < offer.startsAt) return 'scheduled';
  if (now >= offer.endsAt) return 'finished';
  return 'running';
}

/**
 * Whether two offers of one store would run at the same time: periods are half-open [startsAt, stopsAt), so an offer
 * may start on the day after another's last day.
 */
export function offersOverlap(a: OfferTimes, b: OfferTimes): boolean {
  return a.startsAt < offerStopsAt(b) && b.startsAt < offerStopsAt(a);
}

/** The frequency cap window `now` falls in: windows of `capDays` days counted from the offer's start. */
export interface CapWindow {
  /** 0 for the first window: with the offer and member, the unique key of a grant. */
  index: number;
  opensAt: Date;
  /** When the next window opens: the member may get the offer again from then. */
  closesAt: Date;
}

export function capWindow(startsAt: Date, capDays: number, now: Date): CapWindow {
  if (!Number.isInteger(capDays) || capDays < 1) throw new RangeError(`a cap of whole days, at least 1: ${capDays}`);
  const length = capDays * DAY_MS;
  const index = Math.max(0, Math.floor((now.getTime() - startsAt.getTime()) / length));
  return {
    index,
    opensAt: new Date(startsAt.getTime() + index * length),
    closesAt: new Date(startsAt.getTime() + (index + 1) * length),
  };
}

/** Inside the radius: a member standing exactly on its edge is inside. Distances are metres on the sphere. */
export function withinRadius(distanceMetres: number, radiusMetres: number): boolean {
  return Number.isFinite(distanceMetres) && distanceMetres >= 0 && distanceMetres <= radiusMetres;
}

/** What decides where a member stands with a running offer. */
export interface ClaimFacts {
  /** Metres from the store; undefined without the member's position. */
  distanceMetres?: number;
  radiusMetres: number;
  marketingConsent: boolean;
  /** The member already got it in the current window. */
  claimedThisWindow: boolean;
}

/**
 * The member's state for a running offer, in the order a member can act on: a grant already made is said first
 * (nothing to do until the next window), then consent (without it no position helps), then the position.
 */
export function claimState(facts: ClaimFacts): GeoOfferClaimState {
  if (facts.claimedThisWindow) return 'claimed';
  if (!facts.marketingConsent) return 'needs-consent';
  if (facts.distanceMetres === undefined) return 'needs-location';
  if (!withinRadius(facts.distanceMetres, facts.radiusMetres)) return 'too-far';
  return 'claimable';
}

/** When the member may get the offer again: the next window's opening while the offer still runs then. */
export function nextClaimAt(window: CapWindow, offer: OfferTimes): Date | undefined {
  return window.closesAt < offerStopsAt(offer) ? window.closesAt : undefined;
}
