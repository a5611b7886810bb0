import { isBreached } from './sla';

/** What the dashboard reads of a ticket. */
export interface TicketFacts {
  storeCode?: string;
  status: 'open' | 'answered' | 'resolved' | 'closed';
  openedAt: Date;
  dueAt: Date;
  firstReplyAt?: Date;
  escalatedAt?: Date;
}

export interface ServiceFigures {
  open: number;
  breached: number;
  escalated: number;
  medianFirstReplyMinutes: number | null;
  byStore: Array<{ storeCode: string; tickets: number; breached: number; breachRate: number }>;
}

/** The middle value (the mean of the two middle ones for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** HQ's service figures over a set of tickets: open and breached counts, median minutes to first reply, breach rate by store. */
export function serviceFigures(tickets: readonly TicketFacts[], now: Date): ServiceFigures {
  const stores = new Map<string, { tickets: number; breached: number }>();
  let open = 0;
  let breached = 0;
  let escalated = 0;
  const replyMinutes: number[] = [];
  for (const ticket of tickets) {
    const late = isBreached(ticket, now);
    if (ticket.status === 'open' || ticket.status === 'answered') open += 1;
    if (late) breached += 1;
    if (ticket.escalatedAt) escalated += 1;
    if (ticket.firstReplyAt) replyMinutes.push(Math.round((ticket.firstReplyAt.getTime() - ticket.openedAt.getTime()) / 60_000));
    const key = ticket.storeCode ?? '';
    const store = stores.get(key) ?? { tickets: 0, breached: 0 };
    store.tickets += 1;
    if (late) store.breached += 1;
    stores.set(key, store);
  }
  const byStore = [...stores.entries()]
    .map(([storeCode, s]) => ({ storeCode, tickets: s.tickets, breached: s.breached, breachRate: s.breached / s.tickets }))
    .sort((a, b) => b.breachRate - a.breachRate || b.tickets - a.tickets || a.storeCode.localeCompare(b.storeCode));
  return { open, breached, escalated, medianFirstReplyMinutes: median(replyMinutes), byStore };
}
