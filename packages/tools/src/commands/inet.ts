/**
 * How net-tools (lib/inet.c INET_resolve) turns a host argument into an address: inet_aton
 * first, then the resolver. A simulated host has no resolver, so a name fails as glibc's
 * fails in a namespace where no DNS server is reachable — with one of two messages, depending
 * on the lookup net-tools tried last (checked on the kernel for arp, ifconfig and route).
 */

/**
 * inet_aton (glibc): one to four parts, each decimal, 0-octal or 0x-hex; the last part fills
 * the bytes left (`10.1` is 10.0.0.1).
 */
export function inetAton(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length > 4) return undefined;
  const vals: number[] = [];
  for (const p of parts) {
    let v: number;
    if (/^0[xX][0-9a-fA-F]*$/.test(p)) v = p.length === 2 ? 0 : parseInt(p.slice(2), 16);
    else if (/^0[0-7]*$/.test(p)) v = parseInt(p, 8);
    else if (/^[1-9][0-9]*$/.test(p)) v = Number(p);
    else return undefined;
    vals.push(v);
  }
  const last = vals.pop()!;
  if (vals.some((v) => v > 255) || last >= 2 ** (8 * (4 - vals.length))) return undefined;
  let addr = 0;
  vals.forEach((v, i) => {
    addr += v * 2 ** (24 - 8 * i);
  });
  return addr + last;
}

/** herror's text for a name that did not resolve: TRY_AGAIN, or HOST_NOT_FOUND (route -host, gw). */
export function lookupFailure(name: string, hostNotFound = false): string {
  return `${name}: ${hostNotFound ? "Unknown host" : "Host name lookup failure"}\n`;
}
