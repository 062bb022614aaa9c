import { contentTerms } from './lexical-terms.ts';
import { sparseCosine } from './sparse-cosine.ts';

/**
 * TextTiling (Hearst 1997), block comparison variant: a lexical-cohesion baseline for
 * chapter boundaries. The text is cut into pseudo-sentences of `tokensPerSequence` content
 * terms; at every gap between pseudo-sentences the cosine of term counts of the
 * `blockSequences` pseudo-sentences on either side is the cohesion score; scores are
 * smoothed; each gap's depth is how far the score dips below the peaks on both sides;
 * boundaries go at the deepest gaps (above mean - std/2 when no count is asked for, or the
 * `k - 1` deepest otherwise), then move to the nearest unit (clip or sentence) boundary.
 */
export interface TextTilingOptions {
  /** Pseudo-sentence length in content terms (Hearst: w = 20). */
  tokensPerSequence?: number;
  /** Pseudo-sentences per block on each side of a gap (Hearst: k = 10; 6 suits short texts). */
  blockSequences?: number;
  /** Number of segments wanted; when absent the depth cutoff decides. */
  k?: number;
}

/**
 * Boundaries as unit indices: b means a segment starts at unit b (1 <= b < units.length),
 * ascending. Units are the texts in order (clips, utterances or sentences).
 */
export function textTiling(units: string[], options: TextTilingOptions = {}): number[] {
  const w = options.tokensPerSequence ?? 20;
  const blockSize = options.blockSequences ?? 10;
  const unitTerms = units.map(contentTerms);
  // Token stream with the unit each token came from.
  const tokens: string[] = [];
  const tokenUnit: number[] = [];
  unitTerms.forEach((terms, u) => {
    for (const t of terms) {
      tokens.push(t);
      tokenUnit.push(u);
    }
  });
  const sequences: Array<Map<string, number>> = [];
  for (let s = 0; s * w < tokens.length; s++) {
    const m = new Map<string, number>();
    for (let i = s * w; i < Math.min(tokens.length, (s + 1) * w); i++) m.set(tokens[i], (m.get(tokens[i]) ?? 0) + 1);
    sequences.push(m);
  }
  const gaps = sequences.length - 1;
  if (gaps < 1 || units.length < 2) return [];

  // Cohesion at gap g (between sequence g-1 and g), g = 1..gaps.
  const score = new Float64Array(gaps);
  for (let g = 1; g <= gaps; g++) {
    const left = new Map<string, number>();
    const right = new Map<string, number>();
    for (let s = Math.max(0, g - blockSize); s < g; s++)
      for (const [t, c] of sequences[s]) left.set(t, (left.get(t) ?? 0) + c);
    for (let s = g; s < Math.min(sequences.length, g + blockSize); s++) {
      for (const [t, c] of sequences[s]) right.set(t, (right.get(t) ?? 0) + c);
    }
    score[g - 1] = sparseCosine(left, right);
  }
  // Smoothing: moving average over 3 gaps.
  const smooth = new Float64Array(gaps);
  for (let g = 0; g < gaps; g++) {
    let s = 0;
    let c = 0;
    for (let d = -1; d <= 1; d++) {
      if (g + d >= 0 && g + d < gaps) {
        s += score[g + d];
        c++;
      }
    }
    smooth[g] = s / c;
  }
  // Depth scores.
  const depth = new Float64Array(gaps);
  for (let g = 0; g < gaps; g++) {
    let l = smooth[g];
    for (let i = g - 1; i >= 0 && smooth[i] >= l; i--) l = smooth[i];
    let r = smooth[g];
    for (let i = g + 1; i < gaps && smooth[i] >= r; i++) r = smooth[i];
    depth[g] = l - smooth[g] + (r - smooth[g]);
  }
  // Candidates: local maxima of depth, deepest first; keep them at least 2 sequences apart.
  const candidates: number[] = [];
  for (let g = 0; g < gaps; g++) {
    const left = g > 0 ? depth[g - 1] : -Infinity;
    const right = g + 1 < gaps ? depth[g + 1] : -Infinity;
    if (depth[g] > 0 && depth[g] >= left && depth[g] >= right) candidates.push(g);
  }
  candidates.sort((a, b) => depth[b] - depth[a] || a - b);
  let wanted: number;
  if (options.k !== undefined) wanted = Math.max(0, Math.min(options.k - 1, units.length - 1));
  else {
    const mean = depth.reduce((s, v) => s + v, 0) / gaps;
    const sd = Math.sqrt(depth.reduce((s, v) => s + (v - mean) ** 2, 0) / gaps);
    const cutoff = mean - sd / 2;
    wanted = candidates.filter((g) => depth[g] > cutoff).length;
  }
  const chosen = new Set<number>();
  const chosenGaps: number[] = [];
  for (const g of candidates) {
    if (chosen.size >= wanted) break;
    if (chosenGaps.some((o) => Math.abs(o - g) < 2)) continue;
    const b = unitBoundaryAt((g + 1) * w, tokens.length, tokenUnit, units.length);
    if (b <= 0 || b >= units.length || chosen.has(b)) continue;
    chosen.add(b);
    chosenGaps.push(g);
  }
  // A count was asked for but too few cohesion dips: fill with the evenly spaced positions.
  if (options.k !== undefined) {
    for (let i = 1; chosen.size < wanted && i < units.length; i++) {
      const b = Math.round((i * units.length) / (wanted + 1));
      if (b > 0 && b < units.length && !chosen.has(b)) chosen.add(b);
    }
    for (let b = 1; chosen.size < wanted && b < units.length; b++) chosen.add(b);
  }
  return [...chosen].sort((a, b) => a - b);
}

/** The unit boundary nearest to token position `token` (a boundary b = unit b starts there). */
function unitBoundaryAt(token: number, tokenCount: number, tokenUnit: number[], units: number): number {
  if (token >= tokenCount) return units;
  const u = tokenUnit[token];
  // Token position where unit u starts, and where unit u+1 starts.
  let startOfU = token;
  while (startOfU > 0 && tokenUnit[startOfU - 1] === u) startOfU--;
  let startOfNext = token;
  while (startOfNext < tokenCount && tokenUnit[startOfNext] === u) startOfNext++;
  return token - startOfU <= startOfNext - token ? u : startOfNext < tokenCount ? tokenUnit[startOfNext] : units;
}
