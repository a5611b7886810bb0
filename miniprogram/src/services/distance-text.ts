import { quantityText } from '@memberloop/shared';

/** A distance as members read it: "180 米" under a kilometre, "1.2 公里" under ten, "165 公里" beyond. */
export function distanceText(metres: number): string {
  if (metres < 1000) return quantityText(Math.max(0, Math.round(metres)), '米');
  const tenths = Math.round(metres / 100) / 10;
  if (tenths < 10) return quantityText(tenths.toFixed(1), '公里');
  return quantityText(Math.round(metres / 1000), '公里');
}
