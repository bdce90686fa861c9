/** Virtual time is an integer count of nanoseconds since the start of the simulation. */
export type Nanos = number;

export const NS_PER_US = 1_000;
export const NS_PER_MS = 1_000_000;
export const NS_PER_SEC = 1_000_000_000;

export function seconds(s: number): Nanos {
  return Math.round(s * NS_PER_SEC);
}

export function millis(ms: number): Nanos {
  return Math.round(ms * NS_PER_MS);
}

export function micros(us: number): Nanos {
  return Math.round(us * NS_PER_US);
}
