import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Cluster, type ClusterSpec, type ViolationKind, buildDocker, checkConformance, checkDocker, checkServices } from "../src/index";

describe("netfilter faults the checker must catch", () => {
  const spec: ClusterSpec = { nodes: [{ name: "node1", pods: 2 }, { name: "node2", pods: 2 }] };

  it("a DROP rule on the way: unreachable, and the trace names the rule", () => {
    const c = Cluster.build(spec, { extra: ["ip netns exec node2 iptables -A FORWARD -d 10.244.2.2 -j DROP"] });
    const report = checkConformance(c);
    expect(report.violations.length).toBeGreaterThan(0);
    for (const v of report.violations) {
      expect(v.kind).toBe("unreachable");
      expect(v.to.id).toBe("node2/pod1");
    }
    expect(report.violations[0]!.trace.join("\n")).toContain("FORWARD filter:FORWARD:rule:1:DROP -d 10.244.2.2/32 -j DROP");
  });

  it("a too-broad MASQUERADE: the receiver sees the node, not the pod", () => {
    const c = Cluster.build(spec, { extra: ["ip netns exec node1 iptables -t nat -A POSTROUTING -s 10.244.0.0/16 -j MASQUERADE"] });
    const report = checkConformance(c);
    const fromPod = report.violations.find((v) => v.from.id === "node1/pod1" && v.to.id === "node2/pod1")!;
    expect(fromPod.kind).toBe("source-nat");
    expect(fromPod.requirement).toBe(1);
    expect(fromPod.observedSource).toBe("192.168.100.11");
    expect(fromPod.senderView).toBe("10.244.1.2");
  });
});

describe("Services implemented by kube-proxy's rules", () => {
  const c = Cluster.build({
    nodes: [{ name: "node1", pods: 2 }, { name: "node2", pods: 2 }],
    services: [{ name: "web", port: 80, targetPort: 8080, endpoints: ["node1/pod1", "node2/pod1"] }],
  });

  it("every pod reaches the ClusterIP; endpoints see the client's own address; both endpoints are used", () => {
    const report = checkServices(c, 8);
    expect(report.ok).toBe(true);
    const r = report.results[0]!;
    expect(r.sent).toBe(32);
    expect([...r.hits.values()].every((n) => n > 4)).toBe(true);
  });

  it("the node's iptables-save has kube-proxy's chains", () => {
    const save = c.exec("ip netns exec node1 iptables-save -t nat");
    expect(save).toMatch(/^-A KUBE-SVC-[A-Z2-7]{16} -m comment --comment "default\/web:p80 -> 10\.244\.1\.2:8080" -m statistic --mode random --probability 0\.50000000000 -j KUBE-SEP-[A-Z2-7]{16}$/m);
    expect(save).toContain("-A KUBE-POSTROUTING -m comment --comment \"kubernetes service traffic requiring SNAT\" -j MASQUERADE");
  });

  it("the cluster with Services still conforms", () => {
    expect(checkConformance(c).violations).toEqual([]);
  });
});

describe("the Docker contrast", () => {
  it("port mapping violates the model: others see the host, and reach the container at the host's address", () => {
    const report = checkDocker(buildDocker());
    expect(report.ok).toBe(false);
    const kinds = report.violations.map((v) => [v.from.id, v.to.id, v.kind]);
    expect(kinds).toEqual([
      ["web", "client", "source-nat"],
      ["client", "web", "destination-nat"],
    ]);
    const out = report.violations[0]!;
    expect([out.senderView, out.observedSource]).toEqual(["172.17.0.2", "192.168.100.21"]);
    const into = report.violations[1]!;
    expect(into.observedDestination).toBe("172.17.0.2");
    expect(into.message).toBe("client sent to 192.168.100.21 but it arrived for 172.17.0.2");
  });
});

type Fault = "missing-route" | "drop-rule" | "broad-masquerade" | "cidr-overlap";

describe("random faults make the checker fail with the right violation", () => {
  const clusters = fc
    .array(fc.integer({ min: 1, max: 3 }), { minLength: 2, maxLength: 4 })
    .map((pods): ClusterSpec => ({ nodes: pods.map((n, i) => ({ name: `node${i + 1}`, pods: n })) }));
  const cases = clusters.chain((spec) =>
    fc.record({
      spec: fc.constant(spec),
      fault: fc.constantFrom<Fault>("missing-route", "drop-rule", "broad-masquerade", "cidr-overlap"),
      a: fc.nat(spec.nodes.length - 1),
      b: fc.nat(spec.nodes.length - 1),
    }),
  );

  it("each fault is reported as the violation it causes (failures print the shrunk cluster as a script)", () => {
    fc.assert(
      fc.property(cases, ({ spec, fault, a, b }) => {
        if (a === b) b = (a + 1) % spec.nodes.length;
        const na = a + 1;
        const nb = b + 1;
        let built: ClusterSpec = spec;
        const extra: string[] = [];
        let expected: ViolationKind[];
        switch (fault) {
          case "missing-route":
            extra.push(`ip -n node${na} route del 10.244.${nb}.0/24`);
            expected = ["unreachable"];
            break;
          case "drop-rule":
            extra.push(`ip netns exec node${nb} iptables -A FORWARD -d 10.244.${nb}.2 -j DROP`);
            expected = ["unreachable"];
            break;
          case "broad-masquerade":
            extra.push(`ip netns exec node${na} iptables -t nat -A POSTROUTING -s 10.244.0.0/16 -j MASQUERADE`);
            expected = ["source-nat"];
            break;
          case "cidr-overlap":
            built = { nodes: spec.nodes.map((n, i) => (i === b ? { ...n, podCidr: `10.244.${na}.0/24` } : n)) };
            expected = ["unreachable", "wrong-receiver"];
            break;
        }
        const c = Cluster.build(built, { extra, keepGoing: true });
        const report = checkConformance(c);
        const script = `${c.scriptText()}${extra.join("\n")}\n`;
        expect(report.ok, `fault ${fault} went unnoticed; reproduce with pktsim run:\n${script}`).toBe(false);
        const kinds = new Set(report.violations.map((v) => v.kind));
        expect([...kinds].every((k) => expected.includes(k)), `fault ${fault} gave ${[...kinds].join(", ")}:\n${report.format()}\n${script}`).toBe(true);
      }),
      { seed: 2026, numRuns: 24 },
    );
  });
});
