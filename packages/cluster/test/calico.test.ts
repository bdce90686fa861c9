/**
 * The Calico-style CNI mode: routed pods behind proxy-ARP veths. The wiring is what Calico's CNI
 * plugin and Felix configure (checked on the kernel in tests/differential/cases/arp-proxy.sh);
 * these tests hold the whole cluster to the Kubernetes network model and show which fault breaks
 * which rule.
 */
import { describe, expect, it } from "vitest";
import { CALICO_GATEWAY, Cluster, type ClusterSpec, checkConformance, checkServices, layout } from "../src/index";

const spec: ClusterSpec = {
  cni: "calico",
  nodes: [
    { name: "node1", pods: 2 },
    { name: "node2", pods: 2 },
  ],
  services: [{ name: "dns", port: 53, endpoints: ["node1/pod1", "node2/pod2"] }],
};

describe("a cluster with Calico's wiring", () => {
  const cluster = Cluster.build(spec);
  const pod = cluster.layout.pod("node1/pod1")!;

  it("gives each pod a /32 and 169.254.1.1 as its gateway, and the host a /32 route per pod", () => {
    expect(cluster.exec(`ip netns exec ${pod.netns} ip route`)).toBe(
      `default via ${CALICO_GATEWAY} dev eth0 \n${CALICO_GATEWAY} dev eth0 scope link \n`,
    );
    expect(cluster.exec(`ip netns exec ${pod.netns} ip -br addr show dev eth0`)).toMatch(new RegExp(`${pod.ip.replace(/\./g, "\\.")}/32`));
    expect(cluster.exec("ip netns exec node1 ip route")).toContain(`${pod.ip} dev ${pod.hostVeth} scope link `);
    expect(pod.hostVeth).toMatch(/^cali[0-9a-f]{11}$/);
  });

  it("conforms to the Kubernetes network model, and pods learn the gateway as the veth's MAC", () => {
    const report = checkConformance(cluster);
    expect(report.violations).toEqual([]);
    expect(cluster.exec(`ip netns exec ${pod.netns} ip neigh show ${CALICO_GATEWAY}`)).toBe(
      `${CALICO_GATEWAY} dev eth0 lladdr ee:ee:ee:ee:ee:ee REACHABLE \n`,
    );
  });

  it("carries Services through kube-proxy's rules as the bridge mode does", () => {
    const report = checkServices(cluster);
    expect(report.ok).toBe(true);
  });
});

describe("Calico faults", () => {
  it("without proxy ARP on a pod's veth that pod can reach nobody (its gateway never answers)", () => {
    const veth = layout(spec).pod("node1/pod1")!.hostVeth;
    const c = Cluster.build(spec, { extra: [`ip netns exec node1 sysctl -q -w net.ipv4.conf.${veth}.proxy_arp=0`] });
    const report = checkConformance(c);
    expect(report.ok).toBe(false);
    const from = new Set(report.violations.filter((v) => v.from.kind === "pod").map((v) => v.from.id));
    expect([...from]).toEqual(["node1/pod1"]);
  });

  it("with forwarding off on a node its pods get no proxy ARP answer either (arp_process needs IN_DEV_FORWARD)", () => {
    const c = Cluster.build(spec, { extra: ["ip netns exec node2 sysctl -q -w net.ipv4.ip_forward=0"] });
    const report = checkConformance(c);
    expect(report.ok).toBe(false);
    const sources = new Set(report.violations.filter((v) => v.from.kind === "pod").map((v) => v.from.id.split("/")[0]));
    expect(sources.has("node2")).toBe(true);
  });
});
