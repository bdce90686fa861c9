/**
 * The VXLAN device on its own (a stub stack behind VxlanEnv): the FDB's request semantics
 * against an oracle written from vxlan_fdb_update/__vxlan_fdb_delete, the receive counters and
 * checks of vxlan_rcv's second half, learning and ageing, vxlan_xmit's drop counters, and the
 * properties of the flow hash, the source port mapping and the lco checksum.
 */
import fc from "fast-check";
import {
  type Packet as PacketT,
  Packet,
  Simulation,
  foldSum,
  internetChecksum,
  onesSum,
  pseudoHeaderSum,
  partialChecksum,
  writeMac,
} from "@pktsim/core";
import { describe, expect, it } from "vitest";
import {
  type FdbRequestFlags,
  type VxlanEnv,
  type VxlanRoute,
  type VxlanTunnelXmit,
  Ntf,
  Vxlan,
  VxlanError,
  VxlanNud as Nud,
  defaultVxlanConfig,
  flowHash,
  lcoChecksum,
  udpFlowSrcPort,
} from "../src/index";

const ADD: FdbRequestFlags = { create: true, excl: true, replace: false, append: false };
const APPEND: FdbRequestFlags = { create: true, excl: false, replace: false, append: true };
const REPLACE: FdbRequestFlags = { create: true, excl: false, replace: true, append: false };
const PERM = Nud.PERMANENT | Nud.NOARP;

interface StubEnv extends VxlanEnv {
  sent: Array<{ pkt: PacketT; o: VxlanTunnelXmit }>;
  routeTo: VxlanRoute;
}

function stubEnv(): StubEnv {
  const env: StubEnv = {
    sent: [],
    routeTo: { kind: "ok", src: 0xc0a80101, local: false, route: null, hopLimit: 64 },
    open: () => {},
    stop: () => {},
    validateMtu: () => {},
    route: () => env.routeTo,
    findVni: () => undefined,
    tunnelXmit: (_dev, pkt, _rt, o) => env.sent.push({ pkt, o }) > 0,
    neighLookup: () => undefined,
    localPortRange: () => [32768, 60999],
  };
  return env;
}

function device(learning = true): { dev: Vxlan; env: StubEnv; sim: Simulation } {
  const sim = new Simulation({ seed: 5 });
  const cfg = { ...defaultVxlanConfig(42), dstPort: 4789, ageing: 300, learning };
  const dev = new Vxlan(sim, "vx0", cfg, 0x02_00_00_00_00_aa);
  const env = stubEnv();
  dev.env = env;
  dev.setAdminUp(true);
  return { dev, env, sim };
}

/** An Ethernet frame carrying an IPv4 ICMP echo of `len` bytes (IP header and 8 bytes more). */
function frame(dst: number, src: number, ipLen = 84, ipSrc = 0x0a000001, ipDst = 0x0a000002): Packet {
  const pkt = Packet.alloc(14 + ipLen);
  const b = pkt.buf;
  const h = pkt.head;
  writeMac(b, h, dst);
  writeMac(b, h + 6, src);
  b[h + 12] = 0x08;
  b[h + 13] = 0x00;
  const ip = h + 14;
  b[ip] = 0x45;
  b[ip + 2] = ipLen >>> 8;
  b[ip + 3] = ipLen & 0xff;
  b[ip + 8] = 64;
  b[ip + 9] = 1;
  for (let i = 0; i < 4; i++) {
    b[ip + 12 + i] = (ipSrc >>> (24 - 8 * i)) & 0xff;
    b[ip + 16 + i] = (ipDst >>> (24 - 8 * i)) & 0xff;
  }
  const c = internetChecksum(b, ip, 20);
  b[ip + 10] = c >>> 8;
  b[ip + 11] = c & 0xff;
  b[ip + 20] = 8;
  return pkt;
}

// ---- the FDB against an oracle -------------------------------------------------------------

type Op =
  | { kind: "add" | "append" | "replace"; mac: number; ip: number }
  | { kind: "del"; mac: number; ip: number | undefined };

/** The kernel's rules as a plain list model (vxlan_fdb_update, vxlan_fdb_update_existing, __vxlan_fdb_delete). */
class Oracle {
  /** Newest first. */
  entries: Array<{ mac: number; ips: number[] }> = [];
  apply(op: Op): string {
    const multi = op.mac === 0 || Math.floor(op.mac / 2 ** 40) % 2 === 1;
    const e = this.entries.find((x) => x.mac === op.mac);
    if (op.kind === "del") {
      if (e === undefined) return "ENOENT";
      if (op.ip !== undefined) {
        const i = e.ips.indexOf(op.ip);
        if (i < 0) return "ok";
        if (e.ips.length > 1) {
          e.ips.splice(i, 1);
          return "ok";
        }
      }
      this.entries.splice(this.entries.indexOf(e), 1);
      return "ok";
    }
    if (e === undefined) {
      if (op.kind === "replace" && multi) return "EOPNOTSUPP";
      this.entries.unshift({ mac: op.mac, ips: [op.ip] });
      return "ok";
    }
    if (op.kind === "add") return "EEXIST";
    if (op.kind === "replace") {
      if (multi) return "EOPNOTSUPP";
      if (!e.ips.includes(op.ip)) e.ips[0] = op.ip;
      return "ok";
    }
    if (multi && !e.ips.includes(op.ip)) e.ips.push(op.ip);
    return "ok";
  }
}

const macArb = fc.constantFrom(0, 0x02_00_00_00_00_01, 0x02_00_00_00_00_02, 0x01_00_5e_00_00_01, 0x33_33_00_00_00_01);
const ipArb = fc.constantFrom(0x0a000001, 0x0a000002, 0x0a000003);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constantFrom("add" as const, "append" as const, "replace" as const), mac: macArb, ip: ipArb }),
  fc.record({ kind: fc.constant("del" as const), mac: macArb, ip: fc.option(ipArb, { nil: undefined }) }),
);

describe("the VXLAN FDB follows vxlan_fdb_update / __vxlan_fdb_delete", () => {
  it("random add/append/replace/del sequences give the oracle's answers and dump (newest first, remotes in order)", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), (ops) => {
        const { dev } = device();
        const oracle = new Oracle();
        for (const op of ops) {
          const want = oracle.apply(op);
          let got = "ok";
          try {
            if (op.kind === "del") dev.fdbDelete(op.mac, op.ip === undefined ? undefined : { ip: op.ip, port: 4789, vni: 42, ifindex: 0 });
            else dev.fdbUpdate(op.mac, { ip: op.ip, port: 4789, vni: 42, ifindex: 0 }, PERM, op.kind === "add" ? ADD : op.kind === "append" ? APPEND : REPLACE, 42, Ntf.SELF);
          } catch (e) {
            got = e instanceof VxlanError ? ({ 2: "ENOENT", 17: "EEXIST", 95: "EOPNOTSUPP" } as Record<number, string>)[e.errno]! : "throw";
          }
          expect(got).toBe(want);
        }
        expect(dev.fdbEntries().map((f) => ({ mac: f.mac, ips: f.remotes.map((r) => r.ip) }))).toEqual(oracle.entries);
      }),
      { numRuns: 300 },
    );
  });

  it("maxaddress refuses a new entry with ENOSPC", () => {
    const { dev } = device();
    dev.cfg.maxAddress = 1;
    dev.fdbUpdate(0x02_00_00_00_00_01, { ip: 1, port: 0, vni: 42, ifindex: 0 }, PERM, ADD, 42, Ntf.SELF);
    expect(() => dev.fdbUpdate(0x02_00_00_00_00_02, { ip: 1, port: 0, vni: 42, ifindex: 0 }, PERM, ADD, 42, Ntf.SELF)).toThrow(
      expect.objectContaining({ errno: 28 }),
    );
  });
});

// ---- transmit --------------------------------------------------------------------------

describe("vxlan_xmit", () => {
  it("a frame with neither its MAC nor a default entry is tx_dropped; one with an entry goes to its remote with the VXLAN header", () => {
    const { dev, env } = device();
    dev.xmit(frame(0x02_00_00_00_00_bb, dev.mac));
    expect(dev.stats.txDropped).toBe(1);
    expect(env.sent).toHaveLength(0);
    dev.fdbUpdate(0x02_00_00_00_00_bb, { ip: 0xc0a80102, port: 4789, vni: 42, ifindex: 0 }, PERM, ADD, 42, Ntf.SELF);
    dev.xmit(frame(0x02_00_00_00_00_bb, dev.mac));
    expect(env.sent).toHaveLength(1);
    const { pkt, o } = env.sent[0]!;
    expect([...pkt.data().subarray(0, 8)]).toEqual([0x08, 0, 0, 0, 0, 0, 42, 0]);
    expect(o).toMatchObject({ src: 0xc0a80101, dst: 0xc0a80102, ttl: 64, tos: 0, df: false, dstPort: 4789, udpCsum: true });
    // iptunnel_xmit_stats: the inner packet without its Ethernet header.
    expect(dev.stats.txPackets).toBe(1);
    expect(dev.stats.txBytes).toBe(84);
  });

  it("the default entry floods a copy to every remote, in the order they were appended", () => {
    const { dev, env } = device();
    for (const ip of [0xc0a80102, 0xc0a80103, 0xc0a80104]) dev.fdbUpdate(0, { ip, port: 4789, vni: 42, ifindex: 0 }, PERM, APPEND, 42, Ntf.SELF);
    dev.xmit(frame(0xff_ff_ff_ff_ff_ff, dev.mac));
    expect(env.sent.map((s) => s.o.dst).sort()).toEqual([0xc0a80102, 0xc0a80103, 0xc0a80104]);
    expect(dev.stats.txPackets).toBe(3);
  });

  it("no route counts tx_carrier_errors, a route through the device itself collisions; both tx_errors", () => {
    const { dev, env } = device();
    dev.fdbUpdate(0, { ip: 0xc0a80102, port: 4789, vni: 42, ifindex: 0 }, PERM, ADD, 42, Ntf.SELF);
    env.routeTo = { kind: "unreachable" };
    dev.xmit(frame(0x02_00_00_00_00_bb, dev.mac));
    env.routeTo = { kind: "loop" };
    dev.xmit(frame(0x02_00_00_00_00_bb, dev.mac));
    expect([dev.stats.txErrors, dev.stats.txCarrierErrors, dev.stats.collisions]).toEqual([2, 1, 1]);
  });

  it("TTL, TOS and DF as configured: inherit takes the inner header's, a group gets TTL 1 by default", () => {
    const { dev, env } = device();
    dev.fdbUpdate(0, { ip: 0xef010101, port: 4789, vni: 42, ifindex: 0 }, PERM, ADD, 42, Ntf.SELF);
    const f = frame(0x02_00_00_00_00_bb, dev.mac);
    f.buf[f.head + 14 + 1] = 0x12; // inner TOS with ECT(0)
    f.buf[f.head + 14 + 6] = 0x40; // inner DF
    dev.xmit(f);
    expect(env.sent[0]!.o).toMatchObject({ ttl: 1, tos: 0x02, df: false });
    dev.cfg = { ...dev.cfg, ttlInherit: true, tos: 1, df: 2 };
    const g = frame(0x02_00_00_00_00_bb, dev.mac);
    g.buf[g.head + 14 + 1] = 0x13; // CE inside becomes ECT(0) outside
    g.buf[g.head + 14 + 6] = 0x40;
    dev.xmit(g);
    expect(env.sent[1]!.o).toMatchObject({ ttl: 64, tos: 0x12, df: true });
  });
});

// ---- receive ---------------------------------------------------------------------------

describe("vxlan_rcv's second half", () => {
  it("counts the inner packet without Ethernet, learns the sender, and delivers to the stack", () => {
    const { dev } = device();
    const got: PacketT[] = [];
    dev.protocolRx = (p) => got.push(p);
    dev.vxlanRcv(frame(dev.mac, 0x02_00_00_00_00_cc), 0xc0a80102, 0, 42);
    expect(got).toHaveLength(1);
    expect([dev.stats.rxPackets, dev.stats.rxBytes]).toEqual([1, 84]);
    const learned = dev.findMac(0x02_00_00_00_00_cc)!;
    expect(learned.state).toBe(Nud.REACHABLE);
    expect(learned.remotes).toEqual([{ ip: 0xc0a80102, port: 4789, vni: 42, ifindex: 0 }]);
  });

  it("drops frames from its own MAC or a multicast source, and a static entry does not migrate", () => {
    const { dev } = device();
    dev.protocolRx = () => {};
    dev.vxlanRcv(frame(dev.mac, dev.mac), 0xc0a80102, 0, 42);
    dev.vxlanRcv(frame(dev.mac, 0x01_00_5e_00_00_01), 0xc0a80102, 0, 42);
    dev.fdbUpdate(0x02_00_00_00_00_cc, { ip: 0xc0a80109, port: 4789, vni: 42, ifindex: 0 }, PERM, ADD, 42, Ntf.SELF);
    dev.vxlanRcv(frame(dev.mac, 0x02_00_00_00_00_cc), 0xc0a80102, 0, 42);
    expect(dev.stats.rxPackets).toBe(0);
    expect(dev.findMac(0x02_00_00_00_00_cc)!.remotes[0]!.ip).toBe(0xc0a80109);
  });

  it("a learned entry moves to the new source address; nolearning learns nothing", () => {
    const { dev } = device();
    dev.protocolRx = () => {};
    dev.vxlanRcv(frame(dev.mac, 0x02_00_00_00_00_cc), 0xc0a80102, 0, 42);
    dev.vxlanRcv(frame(dev.mac, 0x02_00_00_00_00_cc), 0xc0a80103, 0, 42);
    expect(dev.findMac(0x02_00_00_00_00_cc)!.remotes[0]!.ip).toBe(0xc0a80103);
    const quiet = device(false).dev;
    quiet.protocolRx = () => {};
    quiet.vxlanRcv(frame(quiet.mac, 0x02_00_00_00_00_cc), 0xc0a80102, 0, 42);
    expect(quiet.fdbEntries()).toHaveLength(0);
  });

  it("outer CE on a non-ECT inner packet is a frame error (IP_ECN_decapsulate)", () => {
    const { dev } = device();
    dev.protocolRx = () => {};
    dev.vxlanRcv(frame(dev.mac, 0x02_00_00_00_00_cc), 0xc0a80102, 0x03, 42);
    expect([dev.stats.rxFrameErrors, dev.stats.rxErrors, dev.stats.rxPackets]).toEqual([1, 1, 0]);
  });

  it("learned entries age out at vxlan_cleanup after `ageing` seconds unused; permanent ones stay; down flushes the rest", () => {
    const { dev, sim } = device();
    dev.cfg.ageing = 20;
    dev.protocolRx = () => {};
    dev.fdbUpdate(0x02_00_00_00_00_01, { ip: 1, port: 4789, vni: 42, ifindex: 0 }, PERM, ADD, 42, Ntf.SELF);
    dev.vxlanRcv(frame(dev.mac, 0x02_00_00_00_00_cc), 0xc0a80102, 0, 42);
    sim.scheduler.runFor(15e9);
    expect(dev.fdbEntries()).toHaveLength(2);
    sim.scheduler.runFor(10e9);
    expect(dev.fdbEntries().map((f) => f.mac)).toEqual([0x02_00_00_00_00_01]);
    dev.vxlanRcv(frame(dev.mac, 0x02_00_00_00_00_cc), 0xc0a80102, 0, 42);
    dev.setAdminUp(false);
    expect(dev.fdbEntries().map((f) => f.mac)).toEqual([0x02_00_00_00_00_01]);
  });
});

// ---- hashing and checksums ---------------------------------------------------------------

describe("flow hash, source port and lco checksum", () => {
  it("the flow hash is the same in both directions of a flow and stays within the port range", () => {
    const sim = new Simulation({ seed: 9 });
    fc.assert(
      fc.property(fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffffffff }), fc.integer({ min: 1, max: 65535 }), fc.integer({ min: 1, max: 65535 }), (a, b, pa, pb) => {
        const mk = (s: number, d: number, sp: number, dp: number): number => {
          const f = frame(2, 4, 40, s, d);
          f.buf[f.head + 14 + 9] = 17;
          const l4 = f.head + 34;
          f.buf[l4] = sp >>> 8;
          f.buf[l4 + 1] = sp & 0xff;
          f.buf[l4 + 2] = dp >>> 8;
          f.buf[l4 + 3] = dp & 0xff;
          return flowHash(sim, f.buf, f.head, f.length);
        };
        const h = mk(a, b, pa, pb);
        expect(mk(b, a, pb, pa)).toBe(h);
        const port = udpFlowSrcPort(h, 0, 0, [32768, 60999]);
        expect(port >= 32768 && port <= 60999).toBe(true);
        const ranged = udpFlowSrcPort(h, 1000, 2000, [32768, 60999]);
        expect(ranged >= 1000 && ranged < 2000).toBe(true);
      }),
    );
  });

  it("lco_csum: the outer checksum equals the one computed after the inner checksum is filled in", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 200 }), fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffffffff }), (payload, src, dst) => {
        // outer UDP (8) + VXLAN (8) + Ethernet (14) + IPv4 (20) + inner UDP (8) + payload
        const innerUlen = 8 + payload.length;
        const total = 8 + 8 + 14 + 20 + innerUlen;
        const b = new Uint8Array(total);
        const ip = 30;
        const l4 = 50;
        b[ip] = 0x45;
        b[ip + 9] = 17;
        b[l4 + 4] = innerUlen >>> 8;
        b[l4 + 5] = innerUlen & 0xff;
        b.set(payload, l4 + 8);
        b[4] = total >>> 8;
        b[5] = total & 0xff;
        const partial = partialChecksum(1, 2, 17, innerUlen);
        b[l4 + 6] = partial >>> 8;
        b[l4 + 7] = partial & 0xff;
        const outer = lcoChecksum(b, 0, l4 + 6, l4, pseudoHeaderSum(src, dst, 17, total));
        // Fill the inner checksum, then verify the outer over the bytes.
        b[l4 + 6] = 0;
        b[l4 + 7] = 0;
        const inner = internetChecksum(b, l4, innerUlen, pseudoHeaderSum(1, 2, 17, innerUlen));
        b[l4 + 6] = inner >>> 8;
        b[l4 + 7] = inner & 0xff;
        b[6] = outer >>> 8;
        b[7] = outer & 0xff;
        expect(foldSum(onesSum(b, 0, total, pseudoHeaderSum(src, dst, 17, total)))).toBe(0xffff);
      }),
    );
  });
});
