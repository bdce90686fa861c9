/**
 * Properties of bridging on random loop-free topologies: trees of bridges (each in its own
 * namespace, linked by veth pairs, some links down) with pods hanging off them. Checked
 * against the topology's own graph:
 *  - every frame reaches each pod at most once, and no frame leaves through its ingress port;
 *  - ping succeeds exactly between pods connected in the graph (through links that are up);
 *  - after traffic both ways, unicast between two pods is no longer flooded to the others;
 *  - an entry silent for the ageing time is gone, one refreshed in between is not.
 */
import fc from "fast-check";
import { MAC_BROADCAST, Packet, writeMac } from "@pktsim/core";
import { type Bridge, FdbFlag, type NetDevice } from "@pktsim/devices";
import { describe, expect, it } from "vitest";
import type { Namespace } from "../src/index";
import { Host, type Pod, addPod, linkBridges, pingOnce, settle } from "./bridge-helpers";

interface Topology {
  /** parent[i] for bridges 1..n-1 (bridge 0 is the root). */
  parents: number[];
  /** Whether each bridge-to-bridge link is up. */
  linkUp: boolean[];
  /** The bridge each pod hangs off. */
  pods: number[];
}

const topologyArb: fc.Arbitrary<Topology> = fc
  .record({ bridges: fc.integer({ min: 1, max: 4 }), podCount: fc.integer({ min: 2, max: 5 }) })
  .chain(({ bridges, podCount }) =>
    fc.record({
      parents: fc.tuple(...Array.from({ length: bridges - 1 }, (_, i) => fc.integer({ min: 0, max: i }))),
      linkUp: fc.array(fc.boolean(), { minLength: bridges - 1, maxLength: bridges - 1 }),
      pods: fc.array(fc.integer({ min: 0, max: bridges - 1 }), { minLength: podCount, maxLength: podCount }),
    }),
  );

interface Built {
  host: Host;
  bridges: Array<{ ns: Namespace; br: Bridge }>;
  pods: Pod[];
  /** Bridge-side link ends (ports) in both directions. */
  ports: NetDevice[];
  /** component[b]: which connected component bridge b is in. */
  component: number[];
}

function build(t: Topology, seed: number): Built {
  const host = new Host({ seed });
  const bridges = [t.parents.length + 1].flatMap((n) =>
    Array.from({ length: n }, (_, i) => {
      const ns = host.addNetns(`b${i}`);
      const br = ns.addBridge(`br${i}`);
      br.setAdminUp(true);
      return { ns, br };
    }),
  );
  const ports: NetDevice[] = [];
  const component = bridges.map((_, i) => i);
  const find = (i: number): number => (component[i] === i ? i : (component[i] = find(component[i]!)));
  t.parents.forEach((parent, k) => {
    const child = k + 1;
    const [a, b] = linkBridges(bridges[child]!, bridges[parent]!, `up${child}`, `down${child}`);
    ports.push(a, b);
    if (t.linkUp[k] === true) component[find(child)] = find(parent);
    else a.setAdminUp(false);
  });
  const pods = t.pods.map((b, i) => {
    const pod = addPod(host, bridges[b]!.ns, bridges[b]!.br, `p${i}`, `vp${i}`, `10.0.0.${i + 1}`);
    ports.push(pod.port);
    return pod;
  });
  settle(host);
  return { host, bridges, pods, ports, component: component.map((_, i) => find(i)) };
}

describe("bridging on random loop-free topologies", () => {
  it("delivers each frame at most once per pod, never back out of its ingress port, and ping reachability equals graph connectivity", () => {
    fc.assert(
      fc.property(topologyArb, fc.integer({ min: 1, max: 1000 }), (t, seed) => {
        const { host, pods, ports, component } = build(t, seed);
        const violations: string[] = [];
        // Tag every frame a pod sends so copies of it can be recognised wherever they go.
        for (const pod of pods) {
          pod.eth0.addTap((pkt, dir) => {
            if (dir === "tx" && pkt.id === 0) host.sim.stamp(pkt);
          });
        }
        const received = pods.map(() => new Map<number, number>());
        pods.forEach((pod, i) => {
          pod.eth0.addTap((pkt, dir) => {
            if (dir !== "rx") return;
            const n = (received[i]!.get(pkt.id) ?? 0) + 1;
            received[i]!.set(pkt.id, n);
            if (n > 1) violations.push(`pod ${i} got frame ${pkt.id} ${n} times`);
          });
        });
        for (const port of ports) {
          port.addTap((pkt, dir) => {
            if (dir === "tx" && pkt.physInDev === port) violations.push(`frame ${pkt.id} left through its ingress port ${port.name}`);
          });
        }
        for (let i = 0; i < pods.length; i++) {
          for (let j = 0; j < pods.length; j++) {
            if (i === j) continue;
            const connected = component[t.pods[i]!] === component[t.pods[j]!];
            const { ok } = pingOnce(host, pods[i]!.ns, pods[j]!.addr, 1);
            expect(ok, `ping p${i} -> p${j}`).toBe(connected);
          }
        }
        expect(violations).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });

  it("after traffic both ways, unicast between two pods reaches no other pod", () => {
    fc.assert(
      fc.property(topologyArb, fc.integer({ min: 1, max: 1000 }), (t, seed) => {
        const all = { ...t, linkUp: t.linkUp.map(() => true) };
        const { host, pods } = build(all, seed);
        const [a, b] = [pods[0]!, pods[1]!];
        expect(pingOnce(host, a.ns, b.addr).ok).toBe(true);
        const others = pods.slice(2);
        let leaked = 0;
        for (const o of others) o.eth0.addTap((_pkt, dir) => (leaked += dir === "rx" ? 1 : 0));
        expect(pingOnce(host, a.ns, b.addr).ok).toBe(true);
        expect(pingOnce(host, b.ns, a.addr).ok).toBe(true);
        expect(leaked).toBe(0);
      }),
      { numRuns: 30 },
    );
  });

  it("an entry silent for the ageing time is gone; one refreshed in between is not", () => {
    fc.assert(
      fc.property(topologyArb, fc.integer({ min: 1, max: 1000 }), fc.nat(), (t, seed, pick) => {
        const all = { ...t, linkUp: t.linkUp.map(() => true) };
        const { host, bridges, pods } = build(all, seed);
        // Every pod broadcasts once, so every bridge learns every pod.
        const speak = (pod: Pod): void => {
          const frame = Packet.alloc(60);
          writeMac(frame.buf, frame.head, MAC_BROADCAST);
          writeMac(frame.buf, frame.head + 6, pod.eth0.mac);
          frame.buf[frame.head + 12] = 0x88;
          frame.buf[frame.head + 13] = 0xb5;
          pod.eth0.xmit(frame);
        };
        pods.forEach(speak);
        settle(host, 1);
        const dynamic = (br: Bridge): number[] =>
          br
            .fdbEntries()
            .filter((f) => (f.flags & FdbFlag.LOCAL) === 0)
            .map((f) => f.mac)
            .sort((x, y) => x - y);
        const everyone = pods.map((p) => p.eth0.mac).sort((x, y) => x - y);
        for (const { br } of bridges) expect(dynamic(br)).toEqual(everyone);
        // Halfway through the ageing time one pod speaks again.
        settle(host, 150);
        const speaker = pods[pick % pods.length]!;
        speak(speaker);
        settle(host, 151);
        for (const { br } of bridges) expect(dynamic(br)).toEqual([speaker.eth0.mac]);
        settle(host, 150);
        for (const { br } of bridges) expect(dynamic(br)).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });
});
