/**
 * Errors of the iptables model. `kind` says how iptables reports them (xtables_error with
 * PARAMETER_PROBLEM, nft_strerror's one-liners, a failed kernel batch), `message` is the text
 * after the program prefix, exactly as iptables 1.8.9 (nf_tables) prints it.
 */
export type XtErrorKind =
  /** xtables_error(PARAMETER_PROBLEM): "iptables v1.8.9 (nf_tables): MSG" + "Try `iptables -h'…", status 2. */
  | "parameter"
  /** nft_strerror: "iptables: MSG", status 1. */
  | "other"
  /** A kernel batch that failed: "iptables v1.8.9 (nf_tables):  MSG", status 4. */
  | "kernel"
  /** xtables_error(OTHER_PROBLEM) with the program prefix and no hint, status 1. */
  | "prefixed"
  /** Printed as is, then the "Try" hint, status 2 (e.g. "Bad argument `x'"). */
  | "bare"
  /** xtables_error(VERSION_PROBLEM): prefix, status 3. */
  | "version";

export class XtablesError extends Error {
  readonly kind: XtErrorKind;
  constructor(kind: XtErrorKind, message: string) {
    super(message);
    this.name = "XtablesError";
    this.kind = kind;
  }

  get status(): number {
    switch (this.kind) {
      case "parameter":
      case "bare":
        return 2;
      case "kernel":
        return 4;
      case "version":
        return 3;
      default:
        return 1;
    }
  }
}

export function paramError(message: string): XtablesError {
  return new XtablesError("parameter", message);
}
