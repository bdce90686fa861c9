// Topologies shared by the UDP and TCP tests, built like the reference captures were.
import { parseIpv4 } from "@pktsim/core";
import { NlFlags } from "@pktsim/routing";
import { expect } from "vitest";
import { Host, type Namespace } from "../src/index";

const ip = (s: string): number => parseIpv4(s)!;

/** gt1 (10.0.0.1/24) — gt2 (10.0.0.2/24, 10.0.1.2/24, forwarding) — gt3 (10.0.1.3/24), as the reference captures were made. */
export function routedTopology(seed = 7): ReturnType<typeof build> {
  return build(seed);
}

function build(seed: number) {
  const host = new Host({ seed });
  const gt1 = host.addNetns("gt1");
  const gt2 = host.addNetns("gt2");
  const gt3 = host.addNetns("gt3");
  const [a, b] = gt1.addVethPair("veth0", "veth1", gt2);
  const [c, d] = gt2.addVethPair("veth2", "veth3", gt3);
  gt1.ip.addAddress(a, { local: ip("10.0.0.1"), prefixLen: 24 });
  gt2.ip.addAddress(b, { local: ip("10.0.0.2"), prefixLen: 24 });
  gt2.ip.addAddress(c, { local: ip("10.0.1.2"), prefixLen: 24 });
  gt3.ip.addAddress(d, { local: ip("10.0.1.3"), prefixLen: 24 });
  for (const ns of [gt1, gt2, gt3]) ns.lo.setAdminUp(true);
  for (const dev of [a, b, c, d]) dev.setAdminUp(true);
  gt2.sysctl.write("net.ipv4.ip_forward", "1");
  addDefault(gt1, "10.0.0.2", a.ifindex);
  addDefault(gt3, "10.0.1.2", d.ifindex);
  host.sim.scheduler.runFor(1e6);
  return { host, gt1, gt2, gt3, veth0: a, veth3: d };
}

function addDefault(ns: Namespace, gw: string, ifindex: number): void {
  const r = ns.fib.fib.newRoute({ dst: 0, prefixLen: 0, nexthops: [{ gateway: ip(gw), ifindex }] }, NlFlags.CREATE | NlFlags.EXCL);
  expect(r.ok).toBe(true);
}

