/**
 * The errno values routing answers with (positive, as in errno.h; the kernel returns them
 * negated). The numbers are those of the stack's Errno, so they pass through unchanged.
 */
export const FibErrno = {
  ENOENT: 2,
  ESRCH: 3,
  EAGAIN: 11,
  EACCES: 13,
  EEXIST: 17,
  ENODEV: 19,
  EINVAL: 22,
  ERANGE: 34,
  ENETDOWN: 100,
  ENETUNREACH: 101,
  ENOBUFS: 105,
  EHOSTUNREACH: 113,
} as const;
export type FibErrno = (typeof FibErrno)[keyof typeof FibErrno];

/** Outcome of a netlink-style request: the value, or the errno and the kernel's extack text. */
export type FibOpResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly errno: FibErrno; readonly message?: string };

export function ok<T>(value: T): FibOpResult<T> {
  return { ok: true, value };
}

export function fail<T>(errno: FibErrno, message?: string): FibOpResult<T> {
  return message === undefined ? { ok: false, errno } : { ok: false, errno, message };
}
