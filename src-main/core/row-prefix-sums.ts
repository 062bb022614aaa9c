/**
 * Prefix sums over the rows of an n x dim matrix and over their squared norms, so the sum of
 * any run of consecutive rows costs O(dim) and its squared error around its mean O(dim),
 * whatever its length. Segmenting a long recording asks for thousands of such runs.
 */
export class RowPrefixSums {
  /** (n + 1) x dim: row r holds the sum of rows [0, r). */
  private readonly prefix: Float64Array;
  /** n + 1: the sum of squared norms of rows [0, r). */
  private readonly squares: Float64Array;

  constructor(
    features: Float32Array,
    readonly n: number,
    readonly dim: number,
  ) {
    if (features.length < n * dim) throw new RangeError(`RowPrefixSums: ${features.length} values, need ${n}x${dim}`);
    this.prefix = new Float64Array((n + 1) * dim);
    this.squares = new Float64Array(n + 1);
    const { prefix, squares } = this;
    for (let i = 0; i < n; i++) {
      const from = i * dim;
      const to = from + dim;
      let square = 0;
      for (let q = 0; q < dim; q++) {
        const v = features[from + q];
        prefix[to + q] = prefix[from + q] + v;
        square += v * v;
      }
      squares[i + 1] = squares[i] + square;
    }
  }

  /** Sum of rows [start, end), into `out` (a new vector when omitted). */
  sum(start: number, end: number, out = new Float64Array(this.dim)): Float64Array {
    const { prefix, dim } = this;
    const a = start * dim;
    const b = end * dim;
    for (let q = 0; q < dim; q++) out[q] = prefix[b + q] - prefix[a + q];
    return out;
  }

  /** Within-run squared error of rows [start, end): sum of |x - mean|^2 = sum |x|^2 - |sum x|^2 / m. */
  scatter(start: number, end: number): number {
    const m = end - start;
    if (m <= 1) return 0;
    const { prefix, dim } = this;
    const a = start * dim;
    const b = end * dim;
    let norm2 = 0;
    for (let q = 0; q < dim; q++) {
      const s = prefix[b + q] - prefix[a + q];
      norm2 += s * s;
    }
    return Math.max(0, this.squares[end] - this.squares[start] - norm2 / m);
  }
}
