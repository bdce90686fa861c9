import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Cluster, type ClusterSpec, checkConformance } from "../src/index";

describe("a cluster built from a spec", () => {
  const cluster = Cluster.build({ nodes: [{ name: "node1", pods: 2 }, { name: "node2", pods: 2 }, { name: "node3", pods: 1 }] });

  it("is ordinary pktsim state the CLI shows, wired as the bridge CNI plugin and host-gw do", () => {
    expect(cluster.exec("ip netns exec node1-pod1 ip route")).toBe(
      "default via 10.244.1.1 dev eth0 \n10.244.1.0/24 dev eth0 proto kernel scope link src 10.244.1.2 \n",
    );
    expect(cluster.exec("ip netns exec node2 ip route")).toBe(
      [
        "10.244.1.0/24 via 192.168.100.11 dev eth0 ",
        "10.244.2.0/24 dev cni0 proto kernel scope link src 10.244.2.1 ",
        "10.244.3.0/24 via 192.168.100.13 dev eth0 ",
        "192.168.100.0/24 dev eth0 proto kernel scope link src 192.168.100.12 ",
        "",
      ].join("\n"),
    );
    expect(cluster.exec("ip netns exec node1 sysctl net.ipv4.ip_forward")).toBe("net.ipv4.ip_forward = 1\n");
    expect(cluster.exec("ip netns exec node1 bridge link show")).toContain("master cni0 state forwarding");
  });

  it("conforms to the Kubernetes network model, checked with real packets between every pod and node", () => {
    const report = checkConformance(cluster);
    expect(report.violations).toEqual([]);
    // 5 pods and 3 nodes: every ordered pair except node → node.
    expect(report.probes).toBe(8 * 7 - 3 * 2);
    expect(report.format()).toContain("conforms to the Kubernetes network model");
  });

  it("its script rebuilds the same cluster through `pktsim run`", () => {
    const again = Cluster.build(cluster.spec);
    expect(again.scriptText()).toBe(cluster.scriptText());
    expect(cluster.scriptText()).toContain("ip -n node1 link add cni0 type bridge\n");
  });
});

describe("faults make the checker fail with the right violation", () => {
  const spec: ClusterSpec = { nodes: [{ name: "node1", pods: 2 }, { name: "node2", pods: 2 }] };

  it("a missing host-gw route: pods of node1 cannot reach node2's pods", () => {
    const c = Cluster.build(spec, { extra: ["ip -n node1 route del 10.244.2.0/24"] });
    const report = checkConformance(c);
    expect(report.ok).toBe(false);
    const kinds = new Set(report.violations.map((v) => v.kind));
    expect([...kinds]).toEqual(["unreachable"]);
    // Everything that fails starts on node1 (or its pods) and ends at node2's pods.
    for (const v of report.violations) {
      expect(v.from.id.startsWith("node1")).toBe(true);
      expect(v.to.id.startsWith("node2/")).toBe(true);
    }
    // node1 answers its pods with net unreachable (dropped in ip_error); a connected UDP socket
    // does not report that non-fatal error without IP_RECVERR, as on Linux.
    const fromPod = report.violations.find((v) => v.from.kind === "pod")!;
    expect(fromPod.error).toBeUndefined();
    expect(fromPod.trace.join("\n")).toMatch(/drop in ip_error \(cni0\): IP_INNOROUTES/);
    // node1 itself has no route at all: its connect() fails at once.
    const fromNode = report.violations.find((v) => v.from.kind === "node")!;
    expect(fromNode.error).toBe("Network is unreachable");
  });

  it("overlapping pod CIDRs: the host-gw routes are refused and probes reach the wrong pod", () => {
    const c = Cluster.build({ nodes: [{ name: "node1", pods: 1 }, { name: "node2", pods: 1, podCidr: "10.244.1.0/24" }] }, { keepGoing: true });
    expect(c.buildErrors.map((e) => e.output)).toEqual(["RTNETLINK answers: File exists\n", "RTNETLINK answers: File exists\n"]);
    const report = checkConformance(c);
    const wrong = report.violations.find((v) => v.kind === "wrong-receiver" && v.from.id === "node1/pod1" && v.to.id === "node2/pod1")!;
    expect(wrong.receivedBy).toBe("node1/pod1");
  });
});

describe("properties over random clusters", () => {
  const specs = fc
    .tuple(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 4 }), fc.constantFrom("bridge" as const, "calico" as const))
    .map(([pods, cni]): ClusterSpec => ({ cni, nodes: pods.map((n, i) => ({ name: `node${i + 1}`, pods: n })) }));

  it("every random cluster conforms (a failure prints the shrunk cluster as a pktsim script)", () => {
    fc.assert(
      fc.property(specs, (spec) => {
        const c = Cluster.build(spec);
        const report = checkConformance(c);
        if (!report.ok) throw new Error(`${report.format()}\nReproduce with pktsim run:\n${c.scriptText()}`);
      }),
      { seed: 42, numRuns: 25 },
    );
  });

  it("a random missing route always makes the checker fail with unreachable violations", () => {
    const faulty = specs
      .filter((s) => s.nodes.length >= 2 && s.nodes.filter((n) => (n.pods as number) > 0).length >= 1)
      .chain((s) => fc.record({ spec: fc.constant(s), from: fc.nat(s.nodes.length - 1), to: fc.nat(s.nodes.length - 1) }))
      .filter(({ spec, from, to }) => from !== to && (spec.nodes[to]!.pods as number) > 0);
    fc.assert(
      fc.property(faulty, ({ spec, from, to }) => {
        const fault = `ip -n node${from + 1} route del 10.244.${to + 1}.0/24`;
        const c = Cluster.build(spec, { extra: [fault] });
        const report = checkConformance(c);
        expect(report.ok, `no violation after \`${fault}\`\n${c.scriptText()}`).toBe(false);
        expect(report.violations.every((v) => v.kind === "unreachable")).toBe(true);
      }),
      { seed: 7, numRuns: 15 },
    );
  });
});
