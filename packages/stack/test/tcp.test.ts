// TCP against the kernel. Two real captures on the client's veth (Linux 6.18, Debian 12):
// - fixtures/tcp-exchange.pcap: request/response/close, a close with unread data (RST), a SYN to
//   a closed port (RST,ACK), between python sockets in two namespaces with IPv6 off;
// - core's closed-ports.pcap (/work/shared/reference §4.8): SYN to a closed port through a router,
//   and a SYN retransmitted after 1 s.
// Frames are compared field by field after taking out what the kernel draws at random (ports,
// ISNs, the first IP ID of each side, timestamp values); everything else — lengths, flags,
// relative sequence numbers, windows, option layout, IP ID steps, partial checksums — must match.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { TcpPacket, parseIpv4, parseTcpOptions, readPcap, verifyInternetChecksum } from "@pktsim/core";
import { describe, expect, it } from "vitest";
import { Errno, Host, KernelError, TcpSocket, TcpState } from "../src/index";
import { routedTopology } from "./udp-tcp-topology";

const ip = (s: string): number => parseIpv4(s)!;
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const text = (b: Uint8Array): string => new TextDecoder().decode(b);
const fixture = (path: string): Uint8Array[] =>
  readPcap(readFileSync(fileURLToPath(new URL(path, import.meta.url)))).records.map((r) => Uint8Array.from(r.data));

/** What must agree between two captures of the same TCP exchange. */
interface FrameView {
  dir: "c>s" | "s>c" | "arp";
  ipLen?: number;
  ttl?: number;
  df?: boolean;
  /** IP ID: "0" when zero, else the step from this sender's previous nonzero id in this connection ("first" for the first). */
  id?: string;
  flags?: string;
  seq?: number;
  ack?: number;
  win?: number;
  options?: string;
  payload?: string;
  /** The checksum when partial (the pseudo-header sum: deterministic), or "full" when complete and correct. */
  csum?: string;
  tsEchoesPeer?: boolean;
}

function flagString(f: number): string {
  return ["F", "S", "R", "P", "."].filter((_, i) => (f & [1, 2, 4, 8, 16][i]!) !== 0).join("");
}

/** Normalises a capture: connections keyed by the client port, numbers relative to each side's first. */
function normalise(frames: Uint8Array[], serverPorts: number[]): FrameView[] {
  const isn = new Map<string, number>();
  const lastId = new Map<string, number>();
  const lastTs = new Map<string, number>();
  const out: FrameView[] = [];
  for (const f of frames) {
    const type = (f[12]! << 8) | f[13]!;
    if (type === 0x0806) {
      out.push({ dir: "arp", ipLen: f.length });
      continue;
    }
    if (type !== 0x0800 || f[23] !== 6) continue;
    const ipLen = (f[16]! << 8) | f[17]!;
    const th = new TcpPacket(f, 34, ipLen - 20);
    const toServer = serverPorts.includes(th.dstPort);
    const conn = `${toServer ? th.srcPort : th.dstPort}/${toServer ? th.dstPort : th.srcPort}`;
    const side = `${conn}:${toServer ? "c" : "s"}`;
    const peer = `${conn}:${toServer ? "s" : "c"}`;
    if (th.syn && !isn.has(side)) isn.set(side, th.seqNo);
    const id = (f[18]! << 8) | f[19]!;
    let idText = "0";
    if (id !== 0) {
      const prev = lastId.get(side);
      idText = prev === undefined ? "first" : `+${(id - prev) & 0xffff}`;
      lastId.set(side, id);
    }
    const opts = parseTcpOptions(f, th.optionsOffset, th.optionsOffset + th.optionsLen);
    let options = "";
    let tsEchoesPeer: boolean | undefined;
    if (typeof opts !== "number") {
      options = opts
        .map((o) => (o.type === "mss" ? `mss ${o.mss}` : o.type === "windowScale" ? `wscale ${o.shift}` : o.type === "timestamp" ? "TS" : o.type))
        .join(",");
      const ts = opts.find((o) => o.type === "timestamp");
      if (ts !== undefined && ts.type === "timestamp") {
        lastTs.set(side, ts.tsval);
        tsEchoesPeer = ts.tsecr === (lastTs.get(peer) ?? 0);
      }
    }
    const rel = (v: number, who: string): number => (isn.has(who) ? (v - isn.get(who)!) >>> 0 : v);
    const src = f.subarray(26, 30);
    const dst = f.subarray(30, 34);
    const pseudo = (src[0]! << 8 | src[1]!) + (src[2]! << 8 | src[3]!) + (dst[0]! << 8 | dst[1]!) + (dst[2]! << 8 | dst[3]!) + 6 + th.length;
    const folded = (pseudo & 0xffff) + (pseudo >>> 16);
    const csum = th.checksum === ((folded & 0xffff) + (folded >>> 16)) ? `partial ${th.checksum.toString(16)}` : "full";
    if (csum === "full") expect(th.verifyChecksum(readU32(f, 26), readU32(f, 30))).toBe(0);
    out.push({
      dir: toServer ? "c>s" : "s>c",
      ipLen,
      ttl: f[22]!,
      df: (f[20]! & 0x40) !== 0,
      id: idText,
      flags: flagString(th.flags),
      seq: th.rst && !th.ack ? th.seqNo : th.seqNo === 0 && th.rst ? 0 : rel(th.seqNo, side),
      ack: th.ack ? rel(th.ackNo, peer) : 0,
      win: th.window,
      options,
      payload: text(f.subarray(th.payloadOffset, th.offset + th.length)),
      csum,
      ...(tsEchoesPeer !== undefined ? { tsEchoesPeer } : {}),
    });
    expect(verifyInternetChecksum(f, 14, 20)).toBe(true);
  }
  return out;
}

function readU32(b: Uint8Array, at: number): number {
  return ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
}

function vethPair(seed = 11) {
  const host = new Host({ seed });
  const ns1 = host.addNetns("ns1");
  const ns2 = host.addNetns("ns2");
  const [v0, v1] = ns1.addVethPair("veth0", "veth1", ns2);
  ns1.ip.addAddress(v0, { local: ip("10.0.0.1"), prefixLen: 24 });
  ns2.ip.addAddress(v1, { local: ip("10.0.0.2"), prefixLen: 24 });
  for (const d of [ns1.lo, ns2.lo, v0, v1]) d.setAdminUp(true);
  host.sim.scheduler.runFor(1e6);
  const frames: Uint8Array[] = [];
  v0.addTap((p) => frames.push(p.data().slice()));
  return { host, ns1, ns2, v0, v1, frames };
}

describe("a TCP exchange between two namespaces (fixtures/tcp-exchange.pcap)", () => {
  it("matches the kernel's segments: handshake, request, response, close, reset on unread data, closed port", () => {
    const { host, ns1, ns2, frames } = vethPair();
    const run = (ns: number): void => host.sim.scheduler.runFor(ns);
    const ms = 1e6;
    // The server (fx_srv.py): accept; read; 50 ms later answer; close on EOF. Then the second client.
    const listener = new TcpSocket(ns2);
    listener.reuseAddr = true;
    listener.bind(0, 8080);
    listener.listen(1);
    let conn = 0;
    listener.onAccept = () => {
      const c = listener.accept()!;
      const n = ++conn;
      c.onData = () => {
        const got = c.read();
        if (got.length > 0) {
          host.sim.scheduler.schedule(50 * ms, () => c.send(bytes(n === 1 ? "world\n" : "response")));
          if (n === 2) host.sim.scheduler.schedule(350 * ms, () => c.close());
        }
        if (c.eof && n === 1) c.close();
      };
    };
    // Client 1: connect, send, read the answer, close 50 ms later.
    const c1 = new TcpSocket(ns1);
    let connected = -1;
    c1.onConnect = (e) => {
      connected = e;
      c1.send(bytes("hello\n"));
    };
    c1.onData = () => {
      if (text(c1.read()) === "world\n") host.sim.scheduler.schedule(50 * ms, () => c1.close());
    };
    c1.connect(ip("10.0.0.2"), 8080);
    run(300 * ms);
    expect(connected).toBe(0);
    expect(c1.state).toBe(TcpState.TIME_WAIT);
    // Client 2: send, never read, close after 100 ms: RST.
    const c2 = new TcpSocket(ns1);
    c2.onConnect = () => c2.send(bytes("req"));
    c2.connect(ip("10.0.0.2"), 8080);
    run(100 * ms);
    c2.close();
    run(200 * ms);
    expect(c2.state).toBe(TcpState.CLOSE);
    // Client 3: a closed port.
    const c3 = new TcpSocket(ns1);
    let refused = 0;
    c3.onConnect = (e) => (refused = e);
    c3.connect(ip("10.0.0.2"), 8889);
    run(100 * ms);
    expect(refused).toBe(Errno.ECONNREFUSED);

    const kernel = normalise(fixture("./fixtures/tcp-exchange.pcap"), [8080, 8889]);
    const ours = normalise(frames, [8080, 8889]);
    expect(ours).toEqual(kernel);
    // The counters nstat would show.
    expect(ns1.mib.tcp.ActiveOpens).toBe(3);
    expect(ns2.mib.tcp.PassiveOpens).toBe(2);
    expect(ns1.mib.tcp.AttemptFails).toBe(1);
    expect(ns1.mib.tcp.EstabResets).toBe(1);
    expect(ns1.mib.tcp.OutRsts).toBe(1);
    expect(ns2.mib.tcp.OutRsts).toBe(1);
    expect(ns1.mib.tcp.CurrEstab).toBe(0);
  });
});

describe("TCP to a closed port through a router (closed-ports.pcap)", () => {
  it("gets RST,ACK seq 0 ack ISN+1 window 0, IP ID 0, DF, a full checksum; connect fails with ECONNREFUSED", () => {
    const { host, gt1, gt3, veth0 } = routedTopology();
    const frames: Uint8Array[] = [];
    veth0.addTap((p) => frames.push(p.data().slice()));
    const sk = new TcpSocket(gt1);
    let result = -1;
    sk.onConnect = (e) => (result = e);
    sk.connect(ip("10.0.1.3"), 9999);
    host.sim.scheduler.runFor(10e6);
    expect(result).toBe(Errno.ECONNREFUSED);
    expect(sk.state).toBe(TcpState.CLOSE);
    const kernel = normalise(fixture("../../core/test/fixtures/pcaps/closed-ports.pcap").slice(2, 4), [9999]);
    const tcpFrames = frames.filter((f) => f[12] === 8 && f[23] === 6);
    expect(normalise(tcpFrames, [9999])).toEqual(kernel);
    expect(gt3.mib.tcp.OutRsts).toBe(1);
    expect(gt3.mib.tcp.InSegs).toBe(1);
  });

  it("retransmits an unanswered SYN after 1 s with the same ISN and the next IP ID, then backs off to ETIMEDOUT at 127 s", () => {
    const { host, gt1, gt2, veth0 } = routedTopology();
    // The router stops forwarding: ip_error drops the SYNs silently, as the DROP rule did.
    gt2.sysctl.write("net.ipv4.ip_forward", "0");
    const sent: Array<{ t: number; f: Uint8Array }> = [];
    veth0.addTap((p, dir) => {
      const d = p.data();
      if (dir === "tx" && d[23] === 6) sent.push({ t: host.sim.now, f: d.slice() });
    });
    const sk = new TcpSocket(gt1);
    let result = -1;
    let at = 0;
    sk.onConnect = (e) => {
      result = e;
      at = host.sim.now;
    };
    const t0 = host.sim.now;
    sk.connect(ip("10.0.1.3"), 9996);
    host.sim.scheduler.runFor(200e9);
    const kernel = normalise(fixture("../../core/test/fixtures/pcaps/closed-ports.pcap").slice(8, 10), [9996]);
    expect(normalise(sent.slice(0, 2).map((s) => s.f), [9996])).toEqual(kernel);
    // tcp_syn_retries = 6: 1+2+4+8+16+32 s between the 7 SYNs, the last waits 64 s.
    expect(sent.map((s) => Math.round((s.t - t0) / 1e6) / 1e3)).toEqual([0, 1, 3, 7, 15, 31, 63]);
    expect(result).toBe(Errno.ETIMEDOUT);
    expect((at - t0) / 1e9).toBe(127);
    expect(gt1.mib.tcp.RetransSegs).toBe(6);
    expect(gt1.mib.tcp.AttemptFails).toBe(1);
  });
});

describe("TCP connect errors", () => {
  it("ENETUNREACH at once without a route; EHOSTUNREACH after the ARP failure (3 s), from the local ICMP error", () => {
    const { host, ns1 } = vethPair();
    const a = new TcpSocket(ns1);
    expect(() => a.connect(ip("192.168.9.9"), 80)).toThrow(new KernelError(Errno.ENETUNREACH));
    const b = new TcpSocket(ns1);
    let err = -1;
    let at = 0;
    b.onConnect = (e) => {
      err = e;
      at = host.sim.now;
    };
    const t0 = host.sim.now;
    b.connect(ip("10.0.0.3"), 9999);
    host.sim.scheduler.runFor(10e9);
    expect(err).toBe(Errno.EHOSTUNREACH);
    expect(Math.round((at - t0) / 1e9)).toBe(3);
  });

  it("ENETUNREACH from a router's ICMP net unreachable fails the connect in SYN-SENT (tcp_v4_err)", () => {
    const { host, gt1, gt2 } = routedTopology();
    // The router knows no way to 10.0.9.0/24: ip_error answers net unreachable.
    const sk = new TcpSocket(gt1);
    let err = -1;
    sk.onConnect = (e) => (err = e);
    sk.connect(ip("10.0.9.9"), 80);
    host.sim.scheduler.runFor(1e9);
    expect(err).toBe(Errno.ENETUNREACH);
    expect(gt2.mib.icmp.OutDestUnreachs).toBe(1);
    expect(gt1.mib.tcp.AttemptFails).toBe(1);
  });

  it("refuses bind to a port in use and listen on a port another socket listens on", () => {
    const { ns2 } = vethPair();
    const l = new TcpSocket(ns2);
    l.bind(0, 80);
    l.listen();
    const m = new TcpSocket(ns2);
    expect(() => m.bind(ip("10.0.0.2"), 80)).toThrow(new KernelError(Errno.EADDRINUSE));
    m.reuseAddr = true;
    l.reuseAddr = true;
    // SO_REUSEADDR does not let a second socket bind over a listener.
    expect(() => m.bind(0, 80)).toThrow(new KernelError(Errno.EADDRINUSE));
  });
});

describe("TCP data transfer", () => {
  it("carries more than a window of data in MSS-sized segments, ACKs them, and closes both ways", () => {
    const { host, ns1, ns2, frames } = vethPair(3);
    const l = new TcpSocket(ns2);
    l.bind(0, 5001);
    l.listen();
    const received: Uint8Array[] = [];
    let serverEof = false;
    l.onAccept = () => {
      const c = l.accept()!;
      c.onData = () => {
        received.push(c.read());
        if (c.eof && !serverEof) {
          serverEof = true;
          c.close();
        }
      };
    };
    const total = 200_000;
    const data = new Uint8Array(total).map((_, i) => (i * 7) & 0xff);
    const c = new TcpSocket(ns1);
    c.onConnect = () => {
      c.send(data);
      c.shutdown();
    };
    let closed = false;
    c.onClosed = () => (closed = true);
    c.connect(ip("10.0.0.2"), 5001);
    host.sim.scheduler.runFor(5e9);
    const got = new Uint8Array(received.reduce((n, r) => n + r.length, 0));
    let at = 0;
    for (const r of received) {
      got.set(r, at);
      at += r.length;
    }
    expect(got).toEqual(data);
    expect(serverEof).toBe(true);
    expect(closed).toBe(true);
    expect(c.state).toBe(TcpState.TIME_WAIT);
    const payloadLen = (f: Uint8Array): number => ((f[16]! << 8) | f[17]!) - 20 - (f[46]! >> 4) * 4;
    const dataSegs = frames.filter((f) => f[23] === 6 && payloadLen(f) > 0);
    // 1448-byte segments (1460 less the timestamp option): 138 full + 1 partial.
    expect(dataSegs.length).toBe(Math.ceil(total / 1448));
    expect(Math.max(...dataSegs.map(payloadLen))).toBe(1448);
    host.sim.scheduler.runFor(61e9);
    expect(c.state).toBe(TcpState.CLOSE);
  });

  it("resets an established connection: the peer's RST gives ECONNRESET", () => {
    const { host, ns1, ns2 } = vethPair();
    const l = new TcpSocket(ns2);
    l.bind(0, 7);
    l.listen();
    l.onAccept = () => {
      const s = l.accept()!;
      s.onData = () => {
        void s; // never reads: the close below resets
      };
      host.sim.scheduler.schedule(1e6, () => s.close());
    };
    const c = new TcpSocket(ns1);
    let err = 0;
    c.onError = (e) => (err = e);
    c.onConnect = () => c.send(bytes("data the server never reads"));
    c.connect(ip("10.0.0.2"), 7);
    host.sim.scheduler.runFor(1e9);
    expect(err).toBe(Errno.ECONNRESET);
    expect(c.state).toBe(TcpState.CLOSE);
    expect(() => c.send(bytes("x"))).toThrow(new KernelError(Errno.ECONNRESET));
  });

  it("works over loopback with the loopback MSS (65495) and windows", () => {
    const host = new Host({ seed: 2 });
    const ns = host.addNetns("a");
    ns.lo.setAdminUp(true);
    const frames: Uint8Array[] = [];
    ns.lo.addTap((p, dir) => dir === "tx" && frames.push(p.data().slice()));
    const l = new TcpSocket(ns);
    l.bind(ip("127.0.0.1"), 9000);
    l.listen();
    let got = "";
    l.onAccept = () => {
      const s = l.accept()!;
      s.onData = () => (got += text(s.read()));
    };
    const c = new TcpSocket(ns);
    c.onConnect = () => c.send(bytes("over lo"));
    c.connect(ip("127.0.0.1"), 9000);
    host.sim.scheduler.runFor(1e9);
    expect(got).toBe("over lo");
    const syn = new TcpPacket(frames[0]!, 34, frames[0]!.length - 34);
    const synack = new TcpPacket(frames[1]!, 34, frames[1]!.length - 34);
    // What a capture on lo shows on Linux: win 65495 / 65483, mss 65495.
    expect([syn.window, synack.window]).toEqual([65495, 65483]);
    const mss = parseTcpOptions(frames[0]!, syn.optionsOffset, syn.optionsOffset + syn.optionsLen);
    expect(typeof mss !== "number" && mss[0]).toEqual({ type: "mss", mss: 65495 });
  });
});
