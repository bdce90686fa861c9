// Properties of the TCP model under random loss, with the byte stream itself as the oracle:
// whatever the writes and whichever segments the links lose, each side reads exactly the bytes
// the other wrote, in order, and both ends close; no segment exceeds the MSS, and each
// connection numbers its IP datagrams one by one (the socket's inet_id; a lost datagram used its id).
import { Packet, TcpPacket, parseIpv4 } from "@pktsim/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Host, TcpSocket, TcpState } from "../src/index";

const ip = (s: string): number => parseIpv4(s)!;

/** A small deterministic generator for the loss pattern (xorshift32). */
function lossFn(seed: number, p: number): () => boolean {
  let x = seed | 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32 < p;
  };
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

interface Outcome {
  sent: Uint8Array;
  serverGot: Uint8Array;
  clientGot: Uint8Array;
  clientState: number;
  serverState: number;
  maxPayload: number;
  idSteps: Set<number>;
  events: number;
}

function echoOverLossyLink(seed: number, chunks: readonly number[], loss: number): Outcome {
  const host = new Host({ seed });
  const ns1 = host.addNetns("ns1");
  const ns2 = host.addNetns("ns2");
  const [v0, v1] = ns1.addVethPair("veth0", "veth1", ns2);
  ns1.ip.addAddress(v0, { local: ip("10.0.0.1"), prefixLen: 24 });
  ns2.ip.addAddress(v1, { local: ip("10.0.0.2"), prefixLen: 24 });
  for (const d of [ns1.lo, ns2.lo, v0, v1]) d.setAdminUp(true);
  host.sim.scheduler.runFor(1e6);
  // Lose TCP segments (never ARP, so the neighbours resolve) on both egresses.
  const lose = lossFn(seed, loss);
  for (const dev of [v0, v1]) {
    dev.egress = (pkt: Packet, send: (p: Packet) => void) => {
      const d = pkt.data();
      if (d[12] === 0x08 && d[13] === 0x00 && d[23] === 6 && lose()) return;
      send(pkt);
    };
  }
  let maxPayload = 0;
  const lastId = new Map<string, number>();
  const idSteps = new Set<number>();
  v0.addTap((pkt) => {
    const d = pkt.data();
    if (d[23] !== 6) return;
    const th = new TcpPacket(d, 34, ((d[16]! << 8) | d[17]!) - 20);
    maxPayload = Math.max(maxPayload, th.payloadLen);
    const id = (d[18]! << 8) | d[19]!;
    if (id === 0) return; // SYN-ACK
    const key = `${d[29]}:${th.srcPort}`;
    const prev = lastId.get(key);
    if (prev !== undefined) idSteps.add((id - prev) & 0xffff);
    lastId.set(key, id);
  });
  const sentParts = chunks.map((n, i) => new Uint8Array(n).map((_, k) => (i * 31 + k * 7) & 0xff));
  const serverParts: Uint8Array[] = [];
  const clientParts: Uint8Array[] = [];
  let server: TcpSocket | null = null;
  const l = new TcpSocket(ns2);
  l.bind(0, 7);
  l.listen();
  l.onAccept = () => {
    const s = l.accept()!;
    server = s;
    s.onData = () => {
      const got = s.read();
      serverParts.push(got);
      if (got.length > 0) s.send(got);
      if (s.eof) s.close();
    };
  };
  const c = new TcpSocket(ns1);
  c.onConnect = (e) => {
    if (e !== 0) return;
    for (const part of sentParts) c.send(part);
    c.shutdown();
  };
  c.onData = () => {
    clientParts.push(c.read());
    if (c.eof) c.close();
  };
  c.connect(ip("10.0.0.2"), 7);
  const before = host.sim.scheduler.eventsExecuted;
  host.sim.scheduler.runFor(600e9);
  return {
    events: host.sim.scheduler.eventsExecuted - before,
    sent: concat(sentParts),
    serverGot: concat(serverParts),
    clientGot: concat(clientParts),
    clientState: c.state,
    serverState: (server as TcpSocket | null)?.state ?? -1,
    maxPayload,
    idSteps,
  };
}

describe("TCP under loss (fast-check)", () => {
  it("delivers both byte streams exactly and closes both ends, whatever is lost", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 30 }),
        fc.array(fc.integer({ min: 1, max: 6000 }), { minLength: 1, maxLength: 12 }),
        fc.double({ min: 0, max: 0.15, noNaN: true }),
        (seed, chunks, loss) => {
          const r = echoOverLossyLink(seed, chunks, loss);
          expect(r.serverGot).toEqual(r.sent);
          expect(r.clientGot).toEqual(r.sent);
          expect(r.clientState).toBe(TcpState.CLOSE);
          expect(r.serverState).toBe(TcpState.CLOSE);
          expect(r.maxPayload).toBeLessThanOrEqual(1448);
          // No ACK storm: a few events per segment.
          expect(r.events).toBeLessThan(20_000);
          // Lost datagrams used their ids too: steps are small and never backwards.
          for (const step of r.idSteps) expect(step >= 1 && step <= 64).toBe(true);
          if (loss === 0) expect([...r.idSteps]).toEqual([1]);
        },
      ),
      { numRuns: 40, seed: 20240601 },
    );
  });

  it("without loss the same seed gives the same segments (determinism)", () => {
    const a = echoOverLossyLink(99, [3000, 10, 7000], 0);
    const b = echoOverLossyLink(99, [3000, 10, 7000], 0);
    expect(a).toEqual(b);
    expect([...a.idSteps]).toEqual([1]);
  });
});
