/** Records kept before a history is thinned: a view never needs more points than a screen has. */
export const HISTORY_CAP = 2048;

/**
 * A training history of bounded size, however long the run: every record is appended, and
 * once there are 2·cap evenly spaced ones every second is dropped (the spacing doubles). The
 * first record is kept, and the newest always sits last, so `list[list.length − 1]` is the
 * current state and a plot of `list` covers the whole run.
 */
export class ThinnedHistory<T> {
  readonly list: T[] = [];
  private stride = 1;
  private count = 0;
  /** The last element is off the stride (kept only because it is the newest). */
  private tail = false;

  constructor(private readonly cap = HISTORY_CAP) {}

  push(rec: T): void {
    if (this.tail) this.list.pop();
    const seq = this.count++;
    this.list.push(rec);
    this.tail = seq % this.stride !== 0;
    if (this.list.length - (this.tail ? 1 : 0) >= 2 * this.cap) this.thin();
  }

  private thin(): void {
    const list = this.list;
    const last = list[list.length - 1];
    const body = this.tail ? list.length - 1 : list.length;
    let k = 0;
    for (let j = 0; j < body; j += 2) list[k++] = list[j];
    list.length = k;
    this.stride *= 2;
    this.tail = list[k - 1] !== last;
    if (this.tail) list.push(last);
  }
}
