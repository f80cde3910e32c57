/**
 * The promise's value, or `undefined` when it has not settled within `ms`: for a wait that must
 * not outlast a deadline (Discord's 3 s). The promise itself runs on; its rejection is passed on.
 */
export async function withinTime<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, ms, undefined);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
