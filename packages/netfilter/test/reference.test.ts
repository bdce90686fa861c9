// Property: for random rulesets without NAT (filter chains, user chains with jump/goto/RETURN,
// MARK rewriting what later mark matches see) and random packets, the netfilter model's
// verdicts, marks and every rule and policy counter equal the reference interpreter's.
import { type DeviceRef, Packet, Simulation, formatIpv4 } from "@pktsim/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NfInetHook, Netfilter, type NfEnv, parseRuleSpec } from "../src/index";
import { type RefChain, type RefMatch, type RefPacket, type RefRule, refRun } from "./reference";

const ADDRS = [0x0a000001, 0x0a000002, 0x0a000102, 0xc0a80101, 0x7f000001];
const DEVS = ["eth0", "eth1", "veth0"];
const PORTS = [22, 53, 80, 443, 8080];
const USER = ["U0", "U1", "U2"];
const BUILTIN: Array<[string, number]> = [
  ["INPUT", NfInetHook.LOCAL_IN],
  ["FORWARD", NfInetHook.FORWARD],
  ["OUTPUT", NfInetHook.LOCAL_OUT],
];

const stubEnv: NfEnv = {
  name: "",
  addrType: () => 1,
  masqueradeSource: () => 0,
  primaryAddr: () => 0,
  rerouteLocalOut: () => true,
  dropRoute: () => {},
  sendUnreach: () => {},
  sendReset: () => {},
  klog: () => {},
};

const inv = fc.boolean();
const addr = fc.constantFrom(...ADDRS);

function matchesArb(chain: string): fc.Arbitrary<RefMatch[]> {
  const ipPart = fc.record({
    src: fc.option(fc.record({ kind: fc.constant("src" as const), addr, len: fc.constantFrom(0, 8, 16, 24, 32), inv }), { nil: undefined }),
    dst: fc.option(fc.record({ kind: fc.constant("dst" as const), addr, len: fc.constantFrom(8, 24, 32), inv }), { nil: undefined }),
    in: chain === "OUTPUT" ? fc.constant(undefined) : fc.option(fc.record({ kind: fc.constant("in" as const), name: fc.constantFrom("eth", "eth0", "veth0"), wild: fc.boolean(), inv }), { nil: undefined }),
    out: chain === "INPUT" ? fc.constant(undefined) : fc.option(fc.record({ kind: fc.constant("out" as const), name: fc.constantFrom("eth1", "veth", "veth0"), wild: fc.boolean(), inv }), { nil: undefined }),
    proto: fc.option(fc.record({ kind: fc.constant("proto" as const), proto: fc.constantFrom(1, 6, 17), inv }), { nil: undefined }),
  });
  return ipPart.chain((ip) => {
    const l4 = ip.proto !== undefined && !ip.proto.inv ? ip.proto.proto : 0;
    const ext: Array<fc.Arbitrary<RefMatch>> = [
      fc.record({ kind: fc.constant("mark" as const), value: fc.constantFrom(0, 1, 2, 3), mask: fc.constantFrom(0xffffffff, 3, 1), inv }).map((m) => ({ ...m, value: (m.value & m.mask) >>> 0 })),
      fc.record({ kind: fc.constant("iprange" as const), lo: addr, hi: addr, inv }).map((m) => ({ ...m, lo: Math.min(m.lo, m.hi), hi: Math.max(m.lo, m.hi) })),
      fc.record({ kind: fc.constant("comment" as const), text: fc.constantFrom("a", "hello world", 'q"x') }),
    ];
    if (l4 === 6 || l4 === 17) {
      ext.push(
        fc.record({ kind: fc.constant("dport" as const), lo: fc.constantFrom(...PORTS), hi: fc.constantFrom(...PORTS), inv }).map((m) => ({ ...m, lo: Math.min(m.lo, m.hi), hi: Math.max(m.lo, m.hi) })),
        fc.record({ kind: fc.constant("sport" as const), lo: fc.constantFrom(...PORTS), hi: fc.constantFrom(...PORTS), inv }).map((m) => ({ ...m, lo: Math.min(m.lo, m.hi), hi: Math.max(m.lo, m.hi) })),
        fc.record({ kind: fc.constant("multiport" as const), ports: fc.uniqueArray(fc.constantFrom(...PORTS), { minLength: 1, maxLength: 3 }), inv }),
      );
    }
    if (l4 === 6) ext.push(fc.record({ kind: fc.constant("tcpflags" as const), mask: fc.constantFrom(0x17, 0x12, 0x3f), cmp: fc.constantFrom(0x02, 0x10, 0x12), inv }).map((m) => ({ ...m, cmp: m.cmp & m.mask })));
    if (l4 === 1) ext.push(fc.record({ kind: fc.constant("icmptype" as const), type: fc.constantFrom(0, 3, 8), inv }));
    return fc.array(fc.oneof(...ext), { maxLength: 2 }).map((extras) => {
      const list: RefMatch[] = [];
      for (const m of [ip.src, ip.dst, ip.in, ip.out, ip.proto]) if (m !== undefined) list.push(m);
      // One tcp/udp match takes all port options; keep at most one of each port kind.
      const seen = new Set<string>();
      for (const e of extras) {
        if ((e.kind === "dport" || e.kind === "sport" || e.kind === "tcpflags") && seen.has(e.kind)) continue;
        seen.add(e.kind);
        list.push(e);
      }
      return list;
    });
  });
}

function ruleArb(chain: string, targets: string[]): fc.Arbitrary<RefRule> {
  const actions: Array<fc.Arbitrary<RefRule["action"]>> = [
    fc.constant({ kind: "none" as const }),
    fc.constant({ kind: "accept" as const }),
    fc.constant({ kind: "drop" as const }),
    fc.constant({ kind: "return" as const }),
    fc.record({ kind: fc.constant("mark" as const), value: fc.constantFrom(1, 2, 3), mask: fc.constantFrom(3, 0xffffffff, 1) }),
  ];
  if (targets.length > 0) {
    actions.push(fc.record({ kind: fc.constant("jump" as const), chain: fc.constantFrom(...targets) }));
    actions.push(fc.record({ kind: fc.constant("goto" as const), chain: fc.constantFrom(...targets) }));
  }
  return fc.record({ matches: matchesArb(chain), action: fc.oneof(...actions) }).map((r) => ({ ...r, pcnt: 0, bcnt: 0 }));
}

/** The rule as an iptables rule-spec. */
function toArgv(r: RefRule): string[] {
  const out: string[] = [];
  const neg = (b: boolean): string[] => (b ? ["!"] : []);
  const l4 = r.matches.find((m) => m.kind === "proto");
  const l4name = l4?.kind === "proto" ? { 1: "icmp", 6: "tcp", 17: "udp" }[l4.proto] : undefined;
  let portMatch: string[] = [];
  const ext: string[] = [];
  for (const m of r.matches) {
    switch (m.kind) {
      case "src":
        out.push(...neg(m.inv), "-s", `${formatIpv4(m.addr)}/${m.len}`);
        break;
      case "dst":
        out.push(...neg(m.inv), "-d", `${formatIpv4(m.addr)}/${m.len}`);
        break;
      case "in":
        out.push(...neg(m.inv), "-i", `${m.name}${m.wild ? "+" : ""}`);
        break;
      case "out":
        out.push(...neg(m.inv), "-o", `${m.name}${m.wild ? "+" : ""}`);
        break;
      case "proto":
        out.push(...neg(m.inv), "-p", l4name!);
        break;
      case "dport":
      case "sport":
        portMatch.push(...neg(m.inv), `--${m.kind}`, `${m.lo}:${m.hi}`);
        break;
      case "tcpflags": {
        const names = (f: number): string => (f === 0 ? "NONE" : ["FIN", "SYN", "RST", "PSH", "ACK", "URG"].filter((_, i) => f & (1 << i)).join(","));
        portMatch.push(...neg(m.inv), "--tcp-flags", names(m.mask), names(m.cmp));
        break;
      }
      case "icmptype":
        ext.push("-m", "icmp", ...neg(m.inv), "--icmp-type", String(m.type));
        break;
      case "mark":
        ext.push("-m", "mark", ...neg(m.inv), "--mark", `0x${m.value.toString(16)}/0x${m.mask.toString(16)}`);
        break;
      case "multiport":
        ext.push("-m", "multiport", ...neg(m.inv), "--dports", m.ports.join(","));
        break;
      case "iprange":
        ext.push("-m", "iprange", ...neg(m.inv), "--src-range", `${formatIpv4(m.lo)}-${formatIpv4(m.hi)}`);
        break;
      case "comment":
        ext.push("-m", "comment", "--comment", m.text);
        break;
    }
  }
  if (portMatch.length > 0) portMatch = ["-m", l4name!, ...portMatch];
  out.push(...portMatch, ...ext);
  const a = r.action;
  if (a.kind === "accept" || a.kind === "drop" || a.kind === "return") out.push("-j", a.kind.toUpperCase());
  else if (a.kind === "jump") out.push("-j", a.chain);
  else if (a.kind === "goto") out.push("-g", a.chain);
  else if (a.kind === "mark") out.push("-j", "MARK", "--set-xmark", `0x${a.value.toString(16)}/0x${a.mask.toString(16)}`);
  return out;
}

const packetArb: fc.Arbitrary<RefPacket & { chain: number }> = fc.record({
  chain: fc.integer({ min: 0, max: 2 }),
  src: addr,
  dst: addr,
  proto: fc.constantFrom(1, 6, 17),
  sport: fc.constantFrom(...PORTS),
  dport: fc.constantFrom(...PORTS),
  icmpType: fc.constantFrom(0, 3, 8),
  icmpCode: fc.constant(0),
  tcpFlags: fc.constantFrom(0x02, 0x10, 0x12, 0x11, 0x18),
  mark: fc.constantFrom(0, 1, 2, 3),
  len: fc.constant(0),
  inDev: fc.constantFrom(...DEVS),
  outDev: fc.constantFrom(...DEVS),
});

/** Bytes of an IPv4 packet with the L4 header the reference packet describes. */
function build(p: RefPacket): Packet {
  const l4len = p.proto === 6 ? 20 : 8;
  const pkt = Packet.alloc(20 + l4len);
  const b = pkt.buf;
  const o = pkt.head;
  b[o] = 0x45;
  const total = 20 + l4len;
  b[o + 2] = total >> 8;
  b[o + 3] = total & 0xff;
  b[o + 8] = 64;
  b[o + 9] = p.proto;
  const w32 = (at: number, v: number): void => {
    b[at] = v >>> 24;
    b[at + 1] = v >>> 16;
    b[at + 2] = v >>> 8;
    b[at + 3] = v;
  };
  w32(o + 12, p.src);
  w32(o + 16, p.dst);
  const t = o + 20;
  if (p.proto === 1) {
    b[t] = p.icmpType;
    b[t + 1] = p.icmpCode;
  } else {
    b[t] = p.sport >> 8;
    b[t + 1] = p.sport & 0xff;
    b[t + 2] = p.dport >> 8;
    b[t + 3] = p.dport & 0xff;
    if (p.proto === 6) {
      b[t + 12] = 0x50;
      b[t + 13] = p.tcpFlags;
    }
  }
  pkt.networkOffset = o;
  pkt.transportOffset = t;
  pkt.mark = p.mark;
  p.len = total;
  return pkt;
}

describe("netfilter against the reference interpreter (rulesets without NAT)", () => {
  it("gives the same verdicts, marks and counters", () => {
    const rulesetArb = fc.record({
      policies: fc.tuple(fc.constantFrom("ACCEPT" as const, "DROP" as const), fc.constantFrom("ACCEPT" as const, "DROP" as const), fc.constantFrom("ACCEPT" as const, "DROP" as const)),
      builtin: fc.tuple(...BUILTIN.map(([name]) => fc.array(ruleArb(name, USER), { maxLength: 5 }))),
      user: fc.tuple(...USER.map((_, i) => fc.array(ruleArb("U", USER.slice(i + 1)), { maxLength: 4 }))),
    });
    fc.assert(
      fc.property(rulesetArb, fc.array(packetArb, { minLength: 1, maxLength: 30 }), (rs, packets) => {
        const sim = new Simulation({ seed: 7 });
        const nf = new Netfilter(sim, stubEnv);
        const chains = new Map<string, RefChain>();
        for (const name of USER) {
          nf.ruleset.newChain("filter", name);
          chains.set(name, { name, builtin: false, policy: "ACCEPT", rules: [], pcnt: 0, bcnt: 0 });
        }
        BUILTIN.forEach(([name], i) => {
          nf.ruleset.setPolicy("filter", name, rs.policies[i]!);
          chains.set(name, { name, builtin: true, policy: rs.policies[i]!, rules: [], pcnt: 0, bcnt: 0 });
        });
        const add = (chain: string, rules: RefRule[]): void => {
          for (const r of rules) {
            const { rule } = parseRuleSpec(toArgv(r), "filter", (n) => USER.includes(n));
            nf.ruleset.append("filter", chain, rule);
            chains.get(chain)!.rules.push(r);
          }
        };
        USER.forEach((name, i) => add(name, rs.user[i]!));
        BUILTIN.forEach(([name], i) => add(name, rs.builtin[i]!));
        for (const p of packets) {
          const [chain, hook] = BUILTIN[p.chain]!;
          const pkt = build(p);
          const dev = (name: string): DeviceRef => ({ name, ifindex: DEVS.indexOf(name) + 2 });
          const inDev = hook === NfInetHook.LOCAL_OUT ? null : dev(p.inDev);
          const outDev = hook === NfInetHook.LOCAL_IN ? null : dev(p.outDev);
          const ref = { ...p, inDev: inDev?.name ?? "", outDev: outDev?.name ?? "" };
          const want = refRun(chains, chain, ref);
          const got = nf.hook(hook, pkt, inDev, outDev);
          expect(got).toBe(want === "ACCEPT");
          expect(pkt.mark).toBe(ref.mark);
        }
        const t = nf.ruleset.get("filter")!;
        for (const [name, c] of chains) {
          const model = t.chains.get(name)!;
          expect(model.rules.map((r) => [r.pcnt, r.bcnt])).toEqual(c.rules.map((r) => [r.pcnt, r.bcnt]));
          if (c.builtin) expect([model.pcnt, model.bcnt]).toEqual([c.pcnt, c.bcnt]);
        }
      }),
      { numRuns: 300, seed: 4242 },
    );
  });
});
