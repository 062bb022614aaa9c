/**
 * The first-neighbour search of TW-FINCH (see twfinch.ts): for every point, its nearest other
 * point under the time-weighted cosine distance d(i, j) = (1 - cos(x_i, x_j)) * |t_i - t_j|.
 *
 * Conventions:
 * - Rows are compared by direction only (they are L2-normalised here). An all-zero row
 *   means "no signal": two zero rows are identical (cosine distance 0), a zero and a
 *   non-zero row are orthogonal (cosine distance 1).
 * - Time is measured in rows (t_i = i rather than i / N): a constant factor that changes no
 *   comparison, and keeps level-0 gaps exact integers so ties in time are real ties.
 * - Ties are broken by the smaller time gap, then by the cluster whose first row comes
 *   earlier, so results never depend on evaluation order.
 *
 * Cost: no N x N matrix is ever built. First neighbours are found by computing exact
 * distances to the few points nearest in time, then proving for every other pair from a
 * few coordinates (Cauchy-Schwarz on the rest) that it cannot beat either point's best;
 * only pairs that cannot be ruled out that way get a full dot product. Pruning is exact:
 * the result equals a brute-force search (tests compare them).
 */

/** Points of one level: unit (or zero) rows sorted by time, with tie-break keys. */
export interface TimedPoints {
  count: number;
  dim: number;
  /** count x dim, each row unit length or all zero. */
  unit: Float32Array;
  /** 1 when the row is all zero ("no signal"). */
  zero: Uint8Array;
  /** Time of each point, ascending. */
  time: Float64Array;
  /** Distinct integer per point for tie-breaks (the first original row of the cluster). */
  key: Int32Array;
}

export interface FirstNeighbours {
  /** Index (into the points) of each point's first neighbour; -1 when count is 1. */
  neighbour: Int32Array;
  /** The time-weighted distance to it. */
  distance: Float64Array;
}

/** Rows whose squared norm is below this are treated as zero ("no signal"). */
export const ZERO_NORM2 = 1e-24;
/** Pairs this close in time order always get an exact distance. */
const WINDOW = 4;
/** Coordinates used for the cheap and the middle lower bound. */
const HEAD_DIMS = 8;
const MID_DIMS = 32;
/** Most groups (runs of similar rows) for group-level bounds: this times sqrt(rows), at least 64. */
const GROUPS_PER_SQRT_ROW = 6;
/**
 * Cosine distances below this count as 0: float32 unit rows of identical inputs give
 * 1 - dot of order 1e-8, and identical rows must tie exactly.
 */
const IDENTICAL_BELOW = 1e-7;
/** Rows sampled to rank coordinates by variance. */
const VARIANCE_SAMPLE_ROWS = 2048;
/** Pivot centres for the triangle-inequality bound on pairs of groups. */
const PIVOTS = 32;
/**
 * Radians of slack on pivot angles: acos amplifies rounding near 0 and pi (an error of 1e-15 in
 * a dot product moves acos by up to ~5e-8), and each pivot bound adds two such angles.
 */
const PIVOT_SLACK = 1e-6;
/** Slack in the lower bounds for rounding and for the snap above. */
const BOUND_SLACK = IDENTICAL_BELOW + 1e-9;

/** Cosine distance between two rows of unit/zero points (exact, double precision). */
export function cosineDistance(points: TimedPoints, a: number, b: number): number {
  const { zero, unit, dim } = points;
  if (zero[a] || zero[b]) return zero[a] && zero[b] ? 0 : 1;
  const c = 1 - dotProduct(unit, a * dim, unit, b * dim, dim);
  return c >= IDENTICAL_BELOW ? c : 0;
}

/** a[oa..] . b[ob..] over dim values, four accumulators. */
function dotProduct(
  a: Float32Array | Float64Array,
  oa: number,
  b: Float32Array | Float64Array,
  ob: number,
  dim: number,
): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < dim; k += 4) {
    s0 += a[oa + k] * b[ob + k];
    s1 += a[oa + k + 1] * b[ob + k + 1];
    s2 += a[oa + k + 2] * b[ob + k + 2];
    s3 += a[oa + k + 3] * b[ob + k + 3];
  }
  for (; k < dim; k++) s0 += a[oa + k] * b[ob + k];
  return s0 + s1 + s2 + s3;
}

/** True when candidate (d, gap, key) ranks before the current best (bd, bgap, bkey). */
export function ranksBefore(d: number, gap: number, key: number, bd: number, bgap: number, bkey: number): boolean {
  if (d !== bd) return d < bd;
  if (gap !== bgap) return gap < bgap;
  return key < bkey;
}

/** Working state of one first-neighbour search (plain fields: no closures in hot loops). */
interface Search {
  points: TimedPoints;
  neighbour: Int32Array;
  distance: Float64Array;
  bestGap: Float64Array;
  bestKey: Int32Array;
  /** adjacent[i]: cosine distance of rows i - 1 and i. */
  adjacent: Float64Array;
  mid: number;
  midRows: Float64Array;
  midRest: Float64Array;
}

function consider(s: Search, i: number, j: number, d: number, gap: number): void {
  const key = s.points.key[j];
  if (ranksBefore(d, gap, key, s.distance[i], s.bestGap[i], s.bestKey[i])) {
    s.distance[i] = d;
    s.bestGap[i] = gap;
    s.bestKey[i] = key;
    s.neighbour[i] = j;
  }
}

/** A pair the cheap bound could not rule out: tighter bound, then the exact distance. */
function settlePair(s: Search, i: number, j: number, gap: number, limit: number): void {
  const { mid, midRows, midRest } = s;
  const mi = i * mid;
  const mj = j * mid;
  let dot = 0;
  for (let k = 0; k < mid; k++) dot += midRows[mi + k] * midRows[mj + k];
  if ((1 - dot - midRest[i] * midRest[j] - BOUND_SLACK) * gap > limit) return;
  const d = cosineDistance(s.points, i, j) * gap;
  consider(s, i, j, d, gap);
  consider(s, j, i, d, gap);
}

/**
 * First neighbour of every point under the time-weighted cosine distance, exact, without
 * an all-pairs matrix. `points.time` must be ascending.
 */
export function timeWeightedFirstNeighbours(points: TimedPoints): FirstNeighbours {
  const { count, dim, unit, zero } = points;
  const neighbour = new Int32Array(count).fill(-1);
  const distance = new Float64Array(count).fill(Infinity);
  const s: Search = {
    points,
    neighbour,
    distance,
    bestGap: new Float64Array(count).fill(Infinity),
    bestKey: new Int32Array(count).fill(2147483647),
    adjacent: new Float64Array(0),
    mid: 0,
    midRows: new Float64Array(0),
    midRest: new Float64Array(0),
  };
  if (count < 2) return { neighbour, distance };

  // 1. Exact distances to the points nearest in time: usually the answer.
  nearbyPairs(s);

  if (count > WINDOW + 1) {
    // 2. Every other pair: lower bounds first. For unit rows and any subset S of coordinates,
    //    x.y <= x_S.y_S + |x_rest||y_rest| (Cauchy-Schwarz on the other coordinates), so
    //    1 - x_S.y_S - |x_rest||y_rest| <= cosine distance; S = the coordinates that vary most.
    //    Rows are first grouped into runs of similar consecutive rows; a whole pair of groups
    //    is ruled out at once by a cone bound (the angle between two rows is at least the
    //    angle between their group centres minus both groups' radii). Surviving pairs get the
    //    8-coordinate bound, then the 32-coordinate one, then the exact distance. A pair is skipped only when its bound exceeds the
    //    current best of both points (bests only shrink, so skipping stays exact). Pairs of
    //    two zero rows (distance 0, which the bound does not see) are settled in step 3.
    const order = coordinatesByVariance(unit, count, dim);
    const norm2 = squaredNorms(unit, count, dim);
    const headRows = gatherCoordinates(unit, count, dim, order, HEAD_DIMS);
    const headRest = restNorms(norm2, zero, count, headRows, HEAD_DIMS);
    s.mid = Math.min(MID_DIMS, dim);
    s.midRows = gatherCoordinates(unit, count, dim, order, s.mid);
    s.midRest = restNorms(norm2, zero, count, s.midRows, s.mid);
    farPairs(s, headRows, headRest);
  }

  // 3. A zero row's first neighbour is the nearest other zero row (distance 0) when there is one.
  zeroRowPairs(s);
  return { neighbour, distance };
}

/** Exact distances of every pair at most WINDOW apart in time order (own function: V8 optimises each hot loop apart). */
function nearbyPairs(s: Search): void {
  const points = s.points;
  const { count, time } = points;
  s.adjacent = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const last = Math.min(count - 1, i + WINDOW);
    for (let j = i + 1; j <= last; j++) {
      const gap = time[j] - time[i];
      const c = cosineDistance(points, i, j);
      if (j === i + 1) s.adjacent[j] = c;
      const d = c * gap;
      consider(s, i, j, d, gap);
      consider(s, j, i, d, gap);
    }
  }
}

/** A zero row's first neighbour is the nearest other zero row (distance 0) when there is one. */
function zeroRowPairs(s: Search): void {
  const { count, zero, time, key } = s.points;
  let previousZero = -1;
  for (let i = 0; i < count; i++) {
    if (!zero[i]) continue;
    if (previousZero >= 0) {
      // Among zero rows sharing the previous one's time, the smallest key ranks first.
      let left = previousZero;
      for (let p = previousZero - 1; p >= 0 && time[p] === time[previousZero]; p--) {
        if (zero[p] && key[p] < key[left]) left = p;
      }
      consider(s, i, left, 0, time[i] - time[left]);
      consider(s, previousZero, i, 0, time[i] - time[previousZero]);
    }
    previousZero = i;
  }
}

/** Runs of consecutive rows with their centre direction and angular radius. */
interface Groups {
  count: number;
  start: Int32Array; // first row of each group; start[count] = rows
  centre: Float64Array; // count x dim, unit (zero for all-zero groups)
  radius: Float64Array; // max angle (radians) between a member and the centre
  allZero: Uint8Array;
}

/**
 * Greedy runs: a row joins the current run while its cosine to the run's centre stays at
 * least `threshold` (zero rows form their own runs). Falls back to equal runs when that
 * gives too many groups (group pairs cost one full dot product each).
 */
function groupRuns(points: TimedPoints, adjacentDistance: Float64Array, maxGroups: number): Groups {
  const { count, dim, unit, zero } = points;
  // Threshold from the data: a little below the median cosine of neighbours in time.
  const adjacent: number[] = [];
  for (let i = 1; i < count; i++) if (!zero[i] && !zero[i - 1]) adjacent.push(1 - adjacentDistance[i]);
  adjacent.sort((a, b) => a - b);
  let threshold = adjacent.length ? 0.9 * adjacent[adjacent.length >> 1] : 1;
  let starts = greedyRuns(points, threshold);
  // Too many groups: loosen the threshold (wider cones, fewer pairs), then equal runs.
  for (let round = 0; round < 4 && starts.length > maxGroups; round++) {
    threshold = threshold > 0 ? threshold * 0.75 - 0.05 : threshold - 0.25;
    starts = greedyRuns(points, threshold);
  }
  if (starts.length > maxGroups) {
    starts = [];
    const size = Math.ceil(count / maxGroups);
    for (let i = 0; i < count; i += size) starts.push(i);
  }
  const g = starts.length;
  const start = Int32Array.from([...starts, count]);
  const centre = new Float64Array(g * dim);
  const radius = new Float64Array(g);
  const allZero = new Uint8Array(g).fill(1);
  for (let q = 0; q < g; q++) {
    const c = centre.subarray(q * dim, (q + 1) * dim);
    for (let i = start[q]; i < start[q + 1]; i++) {
      if (zero[i]) continue;
      allZero[q] = 0;
      for (let k = 0; k < dim; k++) c[k] += unit[i * dim + k];
    }
    let n2 = 0;
    for (let k = 0; k < dim; k++) n2 += c[k] * c[k];
    if (n2 < ZERO_NORM2) {
      c.fill(0);
      radius[q] = allZero[q] ? 0 : Math.PI;
      continue;
    }
    const inv = 1 / Math.sqrt(n2);
    for (let k = 0; k < dim; k++) c[k] *= inv;
    let widest = 0;
    for (let i = start[q]; i < start[q + 1]; i++) {
      // A zero row inside a mixed group: its pairs are bounded per pair, not by the cone.
      if (zero[i]) {
        widest = Math.PI;
        continue;
      }
      const dot = dotProduct(unit, i * dim, centre, q * dim, dim);
      widest = Math.max(widest, Math.acos(Math.min(1, Math.max(-1, dot))));
    }
    radius[q] = widest;
  }
  return { count: g, start, centre, radius, allZero };
}

/** Angles (radians) of every group centre to a few pivot centres, row-major groups x count. */
interface PivotAngles {
  count: number;
  angle: Float64Array;
}

/**
 * Up to PIVOTS group centres spread far apart (farthest-first: each next pivot is the centre
 * whose nearest pivot so far is farthest), and the angle of every centre to each. All-zero
 * groups get angle 0 (never used: their pairs are bounded without angles).
 */
function pivotAngles(groups: Groups): PivotAngles {
  const { count, centre, allZero } = groups;
  const dim = centre.length / Math.max(1, count);
  const first = allZero.indexOf(0);
  const wanted = first < 0 ? 0 : Math.min(PIVOTS, count);
  const chosen: number[] = [];
  const nearest = new Float64Array(count).fill(Infinity);
  const columns: Float64Array[] = [];
  let next = first;
  while (chosen.length < wanted && next >= 0) {
    chosen.push(next);
    const column = new Float64Array(count);
    let far = -1;
    let farAngle = 0;
    for (let g = 0; g < count; g++) {
      if (allZero[g]) continue;
      const dot = dotProduct(centre, g * dim, centre, next * dim, dim);
      const a = Math.acos(Math.min(1, Math.max(-1, dot)));
      column[g] = a;
      if (a < nearest[g]) nearest[g] = a;
      if (nearest[g] > farAngle) {
        farAngle = nearest[g];
        far = g;
      }
    }
    columns.push(column);
    next = far;
  }
  const angle = new Float64Array(count * chosen.length);
  for (let p = 0; p < chosen.length; p++) for (let g = 0; g < count; g++) angle[g * chosen.length + p] = columns[p][g];
  return { count: chosen.length, angle };
}

/** First row of each run: a row joins while its cosine to the run's centre is >= threshold. */
function greedyRuns(points: TimedPoints, threshold: number): number[] {
  const { count, dim, unit, zero } = points;
  const starts: number[] = [0];
  const sum = new Float64Array(dim);
  let sumNorm2 = 0;
  for (let i = 0; i < count; i++) {
    const o = i * dim;
    const runStart = starts[starts.length - 1];
    let join = i === runStart;
    let dot = 0;
    if (!join && zero[i] === zero[runStart]) {
      if (zero[i]) join = true;
      else {
        dot = dotProduct(unit, o, sum, 0, dim);
        join = dot >= threshold * Math.sqrt(sumNorm2);
      }
    }
    if (!join) {
      starts.push(i);
      sum.fill(0);
      sumNorm2 = 0;
      dot = 0;
    }
    if (!zero[i]) {
      // |s + x|^2 = |s|^2 + 2 s.x + |x|^2, x a unit row; the run only steers grouping, so drift is harmless.
      sumNorm2 += 2 * dot + 1;
      for (let k = 0; k < dim; k++) sum[k] += unit[o + k];
    }
  }
  return starts;
}

/** The hot loop: every pair more than WINDOW apart in time order, cheapest bounds first. */
function farPairs(s: Search, headRows: Float64Array, headRest: Float64Array): void {
  const { count, dim, time } = s.points;
  const distance = s.distance;
  const groups = groupRuns(s.points, s.adjacent, Math.max(64, Math.ceil(Math.sqrt(count) * GROUPS_PER_SQRT_ROW)));
  const { start, centre, radius, allZero } = groups;
  const pivots = pivotAngles(groups);
  const pivotCount = pivots.count;
  const angle = pivots.angle;
  const worst = new Float64Array(groups.count); // >= current best distance of every member
  for (let q = 0; q < groups.count; q++) {
    for (let i = start[q]; i < start[q + 1]; i++) if (distance[i] > worst[q]) worst[q] = distance[i];
  }
  for (let a = 0; a < groups.count; a++) {
    for (let b = a; b < groups.count; b++) {
      if (start[b + 1] - 1 - start[a] <= WINDOW) continue; // only window pairs here
      if (b > a) {
        // Cone bound on every pair of the two groups, at their smallest gap in time.
        let lowerCos: number; // lower bound on the cosine distance of any pair
        if (allZero[a] && allZero[b]) lowerCos = 0;
        else if (allZero[a] || allZero[b]) lowerCos = radius[a] > Math.PI / 2 || radius[b] > Math.PI / 2 ? 0 : 1;
        else {
          const gapMin = time[start[b]] - time[start[a + 1] - 1];
          const need = worst[a] > worst[b] ? worst[a] : worst[b];
          // Triangle inequality on angles through the pivots: a cheap lower bound on the angle
          // between the centres, often enough to rule the pair out without a full dot product.
          let pivotApart = 0;
          for (let p = 0, oa = a * pivotCount, ob = b * pivotCount; p < pivotCount; p++) {
            const d = angle[oa + p] - angle[ob + p];
            if (d > pivotApart) pivotApart = d;
            else if (-d > pivotApart) pivotApart = -d;
          }
          const cheap = pivotApart - radius[a] - radius[b] - PIVOT_SLACK;
          if (cheap > 0 && (1 - Math.cos(cheap) - BOUND_SLACK) * gapMin > need) continue;
          const dot = dotProduct(centre, a * dim, centre, b * dim, dim);
          const apart = Math.acos(Math.min(1, Math.max(-1, dot))) - radius[a] - radius[b] - 1e-9;
          lowerCos = apart > 0 ? 1 - Math.cos(apart) : 0;
        }
        const gapMin = time[start[b]] - time[start[a + 1] - 1];
        const bound = (lowerCos - BOUND_SLACK) * gapMin;
        if (bound > worst[a] && bound > worst[b]) continue;
      }
      pairsBetween(s, headRows, headRest, start[a], start[a + 1], start[b], start[b + 1]);
      let wa = 0;
      for (let i = start[a]; i < start[a + 1]; i++) if (distance[i] > wa) wa = distance[i];
      worst[a] = wa;
      let wb = 0;
      for (let i = start[b]; i < start[b + 1]; i++) if (distance[i] > wb) wb = distance[i];
      worst[b] = wb;
    }
  }
}

/** Pairs (i, j), i in [a0, a1), j in [b0, b1), j - i > WINDOW: per-pair bounds, then exact. */
function pairsBetween(
  s: Search,
  headRows: Float64Array,
  headRest: Float64Array,
  a0: number,
  a1: number,
  b0: number,
  b1: number,
): void {
  const time = s.points.time;
  const distance = s.distance;
  for (let i = a0; i < a1; i++) {
    const ti = time[i];
    const ri = headRest[i];
    const oi = i * HEAD_DIMS;
    const h0 = headRows[oi];
    const h1 = headRows[oi + 1];
    const h2 = headRows[oi + 2];
    const h3 = headRows[oi + 3];
    const h4 = headRows[oi + 4];
    const h5 = headRows[oi + 5];
    const h6 = headRows[oi + 6];
    const h7 = headRows[oi + 7];
    let di = distance[i];
    for (let j = Math.max(b0, i + WINDOW + 1); j < b1; j++) {
      const o = j * HEAD_DIMS;
      const gap = time[j] - ti;
      const bound =
        (1 -
          h0 * headRows[o] -
          h1 * headRows[o + 1] -
          h2 * headRows[o + 2] -
          h3 * headRows[o + 3] -
          h4 * headRows[o + 4] -
          h5 * headRows[o + 5] -
          h6 * headRows[o + 6] -
          h7 * headRows[o + 7] -
          ri * headRest[j] -
          BOUND_SLACK) *
        gap;
      const dj = distance[j];
      if (bound > di && bound > dj) continue;
      settlePair(s, i, j, gap, di > dj ? di : dj);
      di = distance[i];
    }
  }
}

/** Coordinates ordered by their variance over the rows (ties: lower index first). */
function coordinatesByVariance(unit: Float32Array, count: number, dim: number): Int32Array {
  const mean = new Float64Array(dim);
  const square = new Float64Array(dim);
  // Any order keeps the bounds exact; a sample of rows ranks the coordinates well enough.
  const stride = Math.max(1, Math.floor(count / VARIANCE_SAMPLE_ROWS));
  let sampled = 0;
  for (let i = 0; i < count; i += stride, sampled++) {
    const o = i * dim;
    for (let k = 0; k < dim; k++) {
      const v = unit[o + k];
      mean[k] += v;
      square[k] += v * v;
    }
  }
  const variance = new Float64Array(dim);
  for (let k = 0; k < dim; k++) variance[k] = square[k] / sampled - (mean[k] / sampled) ** 2;
  const order = Int32Array.from({ length: dim }, (_, k) => k);
  order.sort((a, b) => variance[b] - variance[a] || a - b);
  return order;
}

function squaredNorms(unit: Float32Array, count: number, dim: number): Float64Array {
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    let s = 0;
    for (let k = 0, o = i * dim; k < dim; k++) s += unit[o + k] * unit[o + k];
    out[i] = s;
  }
  return out;
}

/** The first `take` coordinates of `order` for every row, zero-padded when dim < take. */
function gatherCoordinates(
  unit: Float32Array,
  count: number,
  dim: number,
  order: Int32Array,
  take: number,
): Float64Array {
  const out = new Float64Array(count * take);
  const have = Math.min(take, dim);
  for (let i = 0; i < count; i++) {
    for (let k = 0; k < have; k++) out[i * take + k] = unit[i * dim + order[k]];
  }
  return out;
}

/** Norm of each row outside the gathered coordinates (0 for zero rows). */
function restNorms(
  norm2: Float64Array,
  zero: Uint8Array,
  count: number,
  gathered: Float64Array,
  take: number,
): Float64Array {
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    if (zero[i]) continue;
    let part = 0;
    for (let k = 0; k < take; k++) part += gathered[i * take + k] * gathered[i * take + k];
    // Round up a little so the bound stays a bound despite rounding.
    out[i] = Math.sqrt(Math.max(0, norm2[i] - part)) * (1 + 1e-12) + 1e-15;
  }
  return out;
}
