/** The calendar day (YYYY-MM-DD) an instant falls on in the brand's time zone: sign-ins, caps and reminders count in it. */
export function businessDay(at: Date, timeZone: string): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** The business month (YYYY-MM) of an instant in the brand's time zone. */
export function businessMonth(at: Date, timeZone: string): string {
  return businessDay(at, timeZone).slice(0, 7);
}

/** Whole days from one business day to another (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
