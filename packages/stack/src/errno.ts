/**
 * errno values the stack returns, with strerror() texts as glibc prints them (the tools
 * print "RTNETLINK answers: No such process", "ping: connect: Network is unreachable").
 */
export const Errno = {
  EPERM: 1,
  ENOENT: 2,
  ESRCH: 3,
  EINTR: 4,
  EIO: 5,
  ENXIO: 6,
  EBADF: 9,
  EAGAIN: 11,
  ENOMEM: 12,
  EACCES: 13,
  EFAULT: 14,
  EBUSY: 16,
  EEXIST: 17,
  EXDEV: 18,
  ENODEV: 19,
  ENOTDIR: 20,
  EINVAL: 22,
  ENFILE: 23,
  ENOSPC: 28,
  EPIPE: 32,
  ERANGE: 34,
  ENAMETOOLONG: 36,
  ENOTEMPTY: 39,
  ENODATA: 61,
  ENONET: 64,
  EPROTO: 71,
  EDESTADDRREQ: 89,
  EMSGSIZE: 90,
  ENOPROTOOPT: 92,
  EPROTONOSUPPORT: 93,
  EOPNOTSUPP: 95,
  EAFNOSUPPORT: 97,
  EADDRINUSE: 98,
  EADDRNOTAVAIL: 99,
  ENETDOWN: 100,
  ENETUNREACH: 101,
  ECONNRESET: 104,
  ENOBUFS: 105,
  EISCONN: 106,
  ENOTCONN: 107,
  ETIMEDOUT: 110,
  ECONNREFUSED: 111,
  EHOSTDOWN: 112,
  EHOSTUNREACH: 113,
  EALREADY: 114,
  EINPROGRESS: 115,
} as const;
export type Errno = (typeof Errno)[keyof typeof Errno];

const STRERROR: Record<number, string> = {
  1: "Operation not permitted",
  2: "No such file or directory",
  3: "No such process",
  4: "Interrupted system call",
  5: "Input/output error",
  6: "No such device or address",
  9: "Bad file descriptor",
  11: "Resource temporarily unavailable",
  12: "Cannot allocate memory",
  13: "Permission denied",
  14: "Bad address",
  16: "Device or resource busy",
  17: "File exists",
  18: "Invalid cross-device link",
  19: "No such device",
  20: "Not a directory",
  22: "Invalid argument",
  23: "Too many open files in system",
  28: "No space left on device",
  32: "Broken pipe",
  34: "Numerical result out of range",
  36: "File name too long",
  39: "Directory not empty",
  61: "No data available",
  64: "Machine is not on the network",
  71: "Protocol error",
  89: "Destination address required",
  90: "Message too long",
  92: "Protocol not available",
  93: "Protocol not supported",
  95: "Operation not supported",
  97: "Address family not supported by protocol",
  98: "Address already in use",
  99: "Cannot assign requested address",
  100: "Network is down",
  101: "Network is unreachable",
  104: "Connection reset by peer",
  105: "No buffer space available",
  106: "Transport endpoint is already connected",
  107: "Transport endpoint is not connected",
  110: "Connection timed out",
  111: "Connection refused",
  112: "Host is down",
  113: "No route to host",
  114: "Operation already in progress",
  115: "Operation now in progress",
};

export function strerror(errno: number): string {
  return STRERROR[errno] ?? `Unknown error ${errno}`;
}

/**
 * A failed kernel operation: an errno plus, where the kernel gives one, the extended ack
 * message (NL_SET_ERR_MSG) that iproute2 prints as "Error: …".
 */
export class KernelError extends Error {
  readonly errno: Errno;
  readonly extack: string | undefined;
  constructor(errno: Errno, extack?: string) {
    super(extack ?? strerror(errno));
    this.name = "KernelError";
    this.errno = errno;
    this.extack = extack;
  }
}
