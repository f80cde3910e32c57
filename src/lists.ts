/** A list with at least one item, so that `list[0]` is always there. */
export type NonEmpty<T> = [T, ...T[]];

export function isNonEmpty<T>(list: T[]): list is NonEmpty<T> {
  return list.length > 0;
}

/** The last item of a list that has at least one. */
export function lastOf<T>(list: readonly [T, ...T[]]): T {
  // The type guarantees length ≥ 1, so index length - 1 holds an item.
  return list[list.length - 1] as T;
}

/** The items of a list from last to first, without copying it. */
export function* backwards<T>(list: readonly T[]): Generator<T> {
  // 0 ≤ i < length, so every index holds an item.
  for (let i = list.length - 1; i >= 0; i--) yield list[i] as T;
}
