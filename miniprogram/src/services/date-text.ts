const pad = (n: number) => String(n).padStart(2, '0');

/** "11月22日" in the phone's time zone (the member's own day, not UTC's). */
export function dayText(iso: string): string {
  const date = new Date(iso);
  return `${date.getMonth() + 1}月${date.getDate()}日`;
}

/** "11月22日 20:30" in the phone's time zone. */
export function dateTimeText(iso: string): string {
  const date = new Date(iso);
  return `${dayText(iso)} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
