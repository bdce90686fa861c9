/**
 * A plain reference interpreter for iptables rulesets without NAT: rules are kept as simple
 * structured specs, evaluated by direct recursion over the chains, with counters kept as the
 * kernel keeps them (a rule counts when it matches; a built-in chain's policy counts what
 * falls off its end). The property test compares the netfilter model with this on random
 * rulesets and packets.
 */

export interface RefPacket {
  src: number;
  dst: number;
  proto: number;
  sport: number;
  dport: number;
  icmpType: number;
  icmpCode: number;
  tcpFlags: number;
  mark: number;
  len: number;
  inDev: string;
  outDev: string;
}

export type RefMatch =
  | { kind: "src"; addr: number; len: number; inv: boolean }
  | { kind: "dst"; addr: number; len: number; inv: boolean }
  | { kind: "in"; name: string; wild: boolean; inv: boolean }
  | { kind: "out"; name: string; wild: boolean; inv: boolean }
  | { kind: "proto"; proto: number; inv: boolean }
  | { kind: "dport"; lo: number; hi: number; inv: boolean }
  | { kind: "sport"; lo: number; hi: number; inv: boolean }
  | { kind: "tcpflags"; mask: number; cmp: number; inv: boolean }
  | { kind: "icmptype"; type: number; inv: boolean }
  | { kind: "mark"; value: number; mask: number; inv: boolean }
  | { kind: "multiport"; ports: number[]; inv: boolean }
  | { kind: "iprange"; lo: number; hi: number; inv: boolean }
  | { kind: "comment"; text: string };

export type RefAction =
  | { kind: "none" }
  | { kind: "accept" }
  | { kind: "drop" }
  | { kind: "return" }
  | { kind: "jump"; chain: string }
  | { kind: "goto"; chain: string }
  | { kind: "mark"; value: number; mask: number };

export interface RefRule {
  /** At most one of each IP-part kind, then extension matches in order. */
  matches: RefMatch[];
  action: RefAction;
  pcnt: number;
  bcnt: number;
}

export interface RefChain {
  name: string;
  builtin: boolean;
  policy: "ACCEPT" | "DROP";
  rules: RefRule[];
  pcnt: number;
  bcnt: number;
}

const maskOf = (len: number): number => (len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0);

function matchOne(m: RefMatch, p: RefPacket): boolean {
  switch (m.kind) {
    case "src":
      return (((p.src & maskOf(m.len)) >>> 0) === ((m.addr & maskOf(m.len)) >>> 0)) !== m.inv;
    case "dst":
      return (((p.dst & maskOf(m.len)) >>> 0) === ((m.addr & maskOf(m.len)) >>> 0)) !== m.inv;
    case "in":
      return (m.wild ? p.inDev.startsWith(m.name) : p.inDev === m.name) !== m.inv;
    case "out":
      return (m.wild ? p.outDev.startsWith(m.name) : p.outDev === m.name) !== m.inv;
    case "proto":
      return (p.proto === m.proto) !== m.inv;
    case "dport":
      return (p.dport >= m.lo && p.dport <= m.hi) !== m.inv;
    case "sport":
      return (p.sport >= m.lo && p.sport <= m.hi) !== m.inv;
    case "tcpflags":
      return ((p.tcpFlags & m.mask) === m.cmp) !== m.inv;
    case "icmptype":
      return (p.icmpType === m.type) !== m.inv;
    case "mark":
      return (((p.mark & m.mask) >>> 0) === m.value) !== m.inv;
    case "multiport":
      return m.ports.includes(p.dport) !== m.inv;
    case "iprange":
      return (p.src >= m.lo && p.src <= m.hi) !== m.inv;
    case "comment":
      return true;
  }
}

/** Runs `base`: the verdict; counters are updated in place. */
export function refRun(chains: ReadonlyMap<string, RefChain>, base: string, p: RefPacket): "ACCEPT" | "DROP" {
  const start = chains.get(base)!;
  // Returns a final verdict, or "RETURN" when the chain returned or ran off its end.
  const run = (chain: RefChain, depth: number): "ACCEPT" | "DROP" | "RETURN" => {
    if (depth > 64) return "DROP";
    for (const rule of chain.rules) {
      if (!rule.matches.every((m) => matchOne(m, p))) continue;
      rule.pcnt++;
      rule.bcnt += p.len;
      const a = rule.action;
      switch (a.kind) {
        case "none":
          break;
        case "accept":
          return "ACCEPT";
        case "drop":
          return "DROP";
        case "return":
          return "RETURN";
        case "mark":
          p.mark = ((p.mark & ~a.mask) ^ a.value) >>> 0;
          break;
        case "jump": {
          const v = run(chains.get(a.chain)!, depth + 1);
          if (v !== "RETURN") return v;
          break;
        }
        case "goto":
          // The goto'd chain's RETURN goes back to whoever called this chain.
          return run(chains.get(a.chain)!, depth + 1);
      }
    }
    return "RETURN";
  };
  const v = run(start, 0);
  if (v !== "RETURN") return v;
  start.pcnt++;
  start.bcnt += p.len;
  return start.policy;
}
