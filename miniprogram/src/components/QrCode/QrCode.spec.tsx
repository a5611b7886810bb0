import { encode } from 'uqr';
import { qrRows } from './qr-runs';

describe('qrRows', () => {
  it('covers every module of every row, dark where the QR code is dark', () => {
    const text = 'coupon.member.1795688796580.signature';
    const { size, rows } = qrRows(text);
    const { data } = encode(text, { ecc: 'M', border: 2 });
    expect(rows).toHaveLength(size);
    rows.forEach((runs, y) => {
      const expanded = runs.flatMap((run) => Array.from({ length: run.length }, () => run.dark));
      expect(expanded).toEqual(data[y]);
      // Runs alternate: two neighbours are never the same colour.
      runs.slice(1).forEach((run, i) => expect(run.dark).not.toBe(runs[i].dark));
    });
  });

  it('has a light quiet zone around the code', () => {
    const { rows } = qrRows('hello');
    expect(rows[0]).toEqual([{ dark: false, length: rows.length }]);
    expect(rows.every((runs) => !runs[0].dark && !runs[runs.length - 1].dark)).toBe(true);
  });
});
