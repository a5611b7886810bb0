import { z } from 'zod';

/**
 * A calendar day as YYYY-MM-DD that exists (2024-02-29 yes, 2024-02-30 or 2023-02-29 no): every day that comes in
 * (report periods, filters) is read with this.
 */
export const calendarDay = z.iso.date({ message: 'a real calendar day as YYYY-MM-DD' });

/**
 * A moment as ISO 8601 date and time with `Z` or an offset (`2026-03-01T09:30:00+08:00`), on a day and at a time
 * that exist: every instant that comes in (paid at, starts at, validity windows) is read with this.
 */
export const instant = z.iso.datetime({ offset: true, message: 'a real date and time, ISO 8601 with Z or an offset' });
