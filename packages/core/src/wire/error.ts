/**
 * Why a view or Repr rejected its bytes. One code set for every protocol so that a drop reason
 * can name the check that failed (like the kernel's SKB_DROP_REASON_PKT_TOO_SMALL, _IP_INHDR…).
 * `checkLen()` returns `WireError.Ok` or a failure; `Repr.parse()` returns a Repr or a failure.
 */
export const WireError = {
  Ok: 0,
  /** The buffer is shorter than the header, or than a length field says. */
  Truncated: 1,
  /** A length field is smaller than its own header (IHL < 5, total length < IHL, UDP length < 8, TCP offset < 5). */
  BadLength: 2,
  /** IP version is not 4. */
  BadVersion: 3,
  /** A well-formed packet of a kind this model does not represent (ARP that is not Ethernet/IPv4). */
  Unsupported: 4,
  /** A TCP option whose length byte runs past the header or is below 2. */
  BadOption: 5,
} as const;
export type WireError = (typeof WireError)[keyof typeof WireError];

const NAMES: readonly string[] = ["ok", "truncated", "bad-length", "bad-version", "unsupported", "bad-option"];

export function wireErrorName(error: WireError): string {
  return NAMES[error] ?? `error-${error}`;
}

/** Narrows a `parse()` result: Reprs are objects, failures are numbers. */
export function isWireError(value: unknown): value is WireError {
  return typeof value === "number";
}
