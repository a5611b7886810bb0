import { encode } from 'uqr';

export interface QrRun {
  dark: boolean;
  length: number;
}

/**
 * A QR code as rows of runs of equal modules: drawn as a few hundred views rather than thousands of cells,
 * the same on every platform (no canvas), and small enough for the mini-program's setData.
 */
export function qrRows(text: string): { size: number; rows: QrRun[][] } {
  const { data, size } = encode(text, { ecc: 'M', border: 2 });
  const rows = data.map((row) => {
    const runs: QrRun[] = [];
    for (const dark of row) {
      const last = runs[runs.length - 1];
      if (last && last.dark === dark) last.length += 1;
      else runs.push({ dark, length: 1 });
    }
    return runs;
  });
  return { size, rows };
}
