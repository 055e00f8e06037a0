/**
 * How far a render's stems are from summing to its mix: the largest gap, in 24-bit LSB, between
 * the mix and the sum of the stems, both rounded to 24 bits (1 is rounding on either side).
 */
export function worstStemSumLsb(mix: ArrayLike<number>[], stems: ArrayLike<number>[][]): number {
  const q = (x: number): number => Math.round(x * 8388608);
  let worst = 0;
  for (let c = 0; c < 2; c++) {
    for (let i = 0; i < mix[c].length; i++) {
      let s = 0;
      for (const st of stems) s += st[c][i];
      worst = Math.max(worst, Math.abs(q(s) - q(mix[c][i])));
    }
  }
  return worst;
}
