/**
 * The element at `index` of `items` (negative counts from the end), failing the test with a clear
 * message when there is none: for reading a result the test has just asserted or built.
 */
export function at<T>(items: readonly T[], index: number): T {
  const item = items.at(index);
  if (item === undefined) throw new Error(`expected an element at index ${index}; there are ${items.length}`);
  return item;
}
