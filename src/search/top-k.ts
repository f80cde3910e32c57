/**
 * The k items with the highest scores, kept in a min-heap while items stream past: O(n log k)
 * instead of sorting all n, and memory bounded by k.
 */
export class TopK<T> {
  private readonly heap: { item: T; score: number }[] = [];

  constructor(private readonly k: number) {}

  /** The lowest score still kept once full; anything at or below it is not kept. */
  get floor(): number {
    return this.heap.length < this.k ? -Infinity : (this.heap[0]?.score ?? -Infinity);
  }

  push(item: T, score: number): void {
    if (this.k <= 0) return;
    if (this.heap.length < this.k) {
      this.heap.push({ item, score });
      this.up(this.heap.length - 1);
      return;
    }
    const lowest = this.heap[0];
    if (lowest && score > lowest.score) {
      // The evicted entry is reused: a retrieval pushes thousands of postings through a full heap.
      lowest.item = item;
      lowest.score = score;
      this.down(0);
    }
  }

  /** The kept items, best first (copies: later pushes reuse the heap's entries). */
  sorted(): { item: T; score: number }[] {
    return this.heap.map(({ item, score }) => ({ item, score })).sort((a, b) => b.score - a.score);
  }

  /** Moves the entry at `i` up while its parent scores higher. */
  private up(i: number): void {
    const { heap } = this;
    const node = heap[i];
    if (!node) return;
    while (i > 0) {
      const parentAt = (i - 1) >> 1;
      const parent = heap[parentAt];
      if (!parent || parent.score <= node.score) break;
      heap[i] = parent;
      i = parentAt;
    }
    heap[i] = node;
  }

  /** Moves the entry at `i` down while a child scores lower. */
  private down(i: number): void {
    const { heap } = this;
    const node = heap[i];
    if (!node) return;
    for (;;) {
      const left = heap[2 * i + 1];
      const right = heap[2 * i + 2];
      let child: { item: T; score: number } | undefined;
      let childAt = i;
      if (left && left.score < node.score) [child, childAt] = [left, 2 * i + 1];
      if (right && right.score < (child ?? node).score) [child, childAt] = [right, 2 * i + 2];
      if (!child) break;
      heap[i] = child;
      i = childAt;
    }
    heap[i] = node;
  }
}
