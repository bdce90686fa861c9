/**
 * Normalises a transcript (real kernel or pktsim) so that two runs of the same script can be
 * compared byte for byte. It replaces only what the kernel makes up at random or what is measured
 * wall-clock time; everything else — ifindexes, states, counters, line order, blank lines,
 * trailing spaces — must match exactly.
 *
 * Replaced:
 *  1. Random MAC addresses -> `<mac1>`, `<mac2>`, … numbered in order of first appearance; the same
 *     MAC always gets the same token. A MAC counts as random when it is unicast and locally
 *     administered (the kernel's eth_random_addr(): veth, bridges without ports) and is NOT written
 *     in any `+ ` command line of the transcript (a MAC the script set itself with
 *     `ip link set DEV address …` is deterministic and kept verbatim, so a simulator that ignores
 *     the setting is caught). All-zero, broadcast, multicast and universally administered MACs
 *     are kept. Accepted spellings: `fa:a2:28:cf:26:a1` (also unpadded `8:9c`, as in
 *     `ip -d link` bridge ids) and the 12-digit form after `NNNN.` in bridge ids
 *     (`8000.faa228cf26a1` -> `8000.<mac1>`).
 *  2. IPv6 addresses whose interface identifier is the modified EUI-64 of a random MAC:
 *     `fe80::f8a2:28ff:fecf:26a1` -> `fe80::<mac1-eui64>` (another /64 prefix keeps its first four
 *     groups: `2001:db8:0:1:<mac1-eui64>`). The MAC token is shared with rule 1, whichever form
 *     appears first.
 *  3. Solicited-node multicast derived from such a MAC: `33:33:ff:cf:26:a1` ->
 *     `33:33:ff:<mac1-low24>`, `ff02::1:ffcf:26a1` -> `ff02::1:ff<mac1-low24>`.
 *  4. ping's measured times: `time=0.263 ms` -> `time=<rtt> ms`;
 *     `rtt min/avg/max/mdev = a/b/c/d ms` -> `rtt min/avg/max/mdev = <rtt>/<rtt>/<rtt>/<rtt> ms`;
 *     the statistics line's `time 408ms` -> `time <time>ms`; `ipg/ewma a/b ms` -> `ipg/ewma <rtt>/<rtt> ms`.
 */

const HEX = "[0-9A-Fa-f]";

/** One scan finds every candidate in text order, so tokens are numbered by first appearance. */
const CANDIDATE = new RegExp(
  [
    // 6 groups of 1–2 hex digits, not part of a longer colon/hex run (so never inside IPv6).
    `(?<mac>(?<![0-9A-Fa-f:])(?:${HEX}{1,2}:){5}${HEX}{1,2}(?![0-9A-Fa-f:]))`,
    // bridge id: 4 hex digits (priority), '.', 12 hex digits.
    `(?<brid>(?<![0-9A-Fa-f.])${HEX}{4}\\.(?<bridmac>${HEX}{12})(?![0-9A-Fa-f]))`,
    // anything that may be an IPv6 address; parsed and checked below.
    `(?<ip6>(?<![0-9A-Fa-f:])(?:${HEX}{0,4}:){2,7}${HEX}{0,4}(?![0-9A-Fa-f:]))`,
  ].join("|"),
  "g",
);

type Mac = string; // canonical: 12 lowercase hex digits

function macFromColons(text: string): Mac {
  return text
    .split(":")
    .map((g) => g.toLowerCase().padStart(2, "0"))
    .join("");
}

function isRandomKind(mac: Mac): boolean {
  const first = parseInt(mac.slice(0, 2), 16);
  return (first & 0x01) === 0 && (first & 0x02) !== 0;
}

/** Parses an IPv6 address into 8 groups, or undefined if it is not one. */
function parseIpv6(text: string): number[] | undefined {
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const parse = (part: string): number[] | undefined => {
    if (part === "") return [];
    const groups: number[] = [];
    for (const g of part.split(":")) {
      if (!/^[0-9A-Fa-f]{1,4}$/.test(g)) return undefined;
      groups.push(parseInt(g, 16));
    }
    return groups;
  };
  const head = parse(halves[0] ?? "");
  if (head === undefined) return undefined;
  if (halves.length === 1) return head.length === 8 ? head : undefined;
  const tail = parse(halves[1] ?? "");
  if (tail === undefined || head.length + tail.length > 7) return undefined;
  return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
}

const hex2 = (n: number): string => n.toString(16).padStart(2, "0");

/** The MAC whose modified EUI-64 is the interface identifier of `g`, if it is one. */
function eui64Mac(g: readonly number[]): Mac | undefined {
  const [g4, g5, g6, g7] = [g[4] ?? 0, g[5] ?? 0, g[6] ?? 0, g[7] ?? 0];
  if ((g5 & 0xff) !== 0xff || g6 >> 8 !== 0xfe) return undefined;
  return [(g4 >> 8) ^ 0x02, g4 & 0xff, g5 >> 8, g6 & 0xff, g7 >> 8, g7 & 0xff].map(hex2).join("");
}

/** Low 24 bits of a solicited-node multicast address ff02::1:ffXX:XXXX, if it is one. */
function solicitedNodeLow24(g: readonly number[]): string | undefined {
  const isSolicited =
    g[0] === 0xff02 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 1 && (g[6] ?? 0) >> 8 === 0xff;
  return isSolicited ? hex2((g[6] ?? 0) & 0xff) + (g[7] ?? 0).toString(16).padStart(4, "0") : undefined;
}

/** MACs written in the script's command lines (`+ …`): chosen by the script, never random. */
function scriptMacs(text: string): Set<Mac> {
  const kept = new Set<Mac>();
  const macInLine = new RegExp(`(?<![0-9A-Fa-f:])(?:${HEX}{1,2}:){5}${HEX}{1,2}(?![0-9A-Fa-f:])`, "g");
  for (const line of text.split("\n")) {
    if (!line.startsWith("+ ")) continue;
    for (const m of line.matchAll(macInLine)) kept.add(macFromColons(m[0]));
  }
  return kept;
}

export function normalizeTranscript(text: string): string {
  const kept = scriptMacs(text);
  const tokens = new Map<Mac, string>();
  const tokenFor = (mac: Mac): string | undefined => {
    if (!isRandomKind(mac) || kept.has(mac)) return undefined;
    let t = tokens.get(mac);
    if (t === undefined) {
      t = `mac${tokens.size + 1}`;
      tokens.set(mac, t);
    }
    return t;
  };
  const tokenForLow24 = (low24: string): string | undefined => {
    for (const [mac, t] of tokens) if (mac.endsWith(low24)) return t;
    return undefined;
  };

  // Pass 1: number the random MACs in order of first appearance, whatever form they appear in.
  for (const m of text.matchAll(CANDIDATE)) {
    const gr = m.groups ?? {};
    if (gr.mac !== undefined) tokenFor(macFromColons(gr.mac));
    else if (gr.bridmac !== undefined) tokenFor(gr.bridmac.toLowerCase());
    else if (gr.ip6 !== undefined) {
      const g = parseIpv6(gr.ip6);
      const mac = g && eui64Mac(g);
      if (mac !== undefined) tokenFor(mac);
    }
  }

  // Pass 2: replace. Solicited-node forms are resolved here, against the complete token table.
  let out = text.replace(CANDIDATE, (whole: string, ...args: unknown[]) => {
    const gr = args[args.length - 1] as Record<string, string | undefined>;
    if (gr.mac !== undefined) {
      const mac = macFromColons(gr.mac);
      const t = tokenFor(mac);
      if (t !== undefined) return `<${t}>`;
      if (mac.startsWith("3333ff")) {
        const s = tokenForLow24(mac.slice(6));
        if (s !== undefined) return `33:33:ff:<${s}-low24>`;
      }
      return whole;
    }
    if (gr.bridmac !== undefined) {
      const t = tokenFor(gr.bridmac.toLowerCase());
      return t === undefined ? whole : `${whole.slice(0, 5)}<${t}>`;
    }
    if (gr.ip6 !== undefined) {
      const g = parseIpv6(gr.ip6);
      if (g === undefined) return whole;
      const mac = eui64Mac(g);
      const t = mac === undefined ? undefined : tokenFor(mac);
      if (t !== undefined) {
        const linkLocal = g[0] === 0xfe80 && g[1] === 0 && g[2] === 0 && g[3] === 0;
        const prefix = linkLocal ? "fe80::" : `${g.slice(0, 4).map((x) => x.toString(16)).join(":")}:`;
        return `${prefix}<${t}-eui64>`;
      }
      const low24 = solicitedNodeLow24(g);
      const s = low24 === undefined ? undefined : tokenForLow24(low24);
      if (s !== undefined) return `ff02::1:ff<${s}-low24>`;
      return whole;
    }
    return whole;
  });

  // ping (iputils 20221126) measured times.
  out = out
    .replace(/\btime=\d+(?:\.\d+)? ms\b/g, "time=<rtt> ms")
    .replace(
      /^rtt min\/avg\/max\/mdev = \d+(?:\.\d+)?\/\d+(?:\.\d+)?\/\d+(?:\.\d+)?\/\d+(?:\.\d+)? ms$/gm,
      "rtt min/avg/max/mdev = <rtt>/<rtt>/<rtt>/<rtt> ms",
    )
    .replace(/^(\d+ packets transmitted, .*, time )\d+ms/gm, "$1<time>ms")
    .replace(/\bipg\/ewma \d+(?:\.\d+)?\/\d+(?:\.\d+)? ms\b/g, "ipg/ewma <rtt>/<rtt> ms");
  return out;
}
