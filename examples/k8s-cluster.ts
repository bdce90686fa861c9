/**
 * A Kubernetes-style cluster as code: three nodes with four pods each (bridge CNI, host-gw
 * routing between nodes) and two Services programmed by kube-proxy-style iptables rules.
 * It checks the Kubernetes network model with real packets, probes the Services, prints
 * node1's iptables-save, and writes a capture of every device to out/k8s/.
 *
 *   npx tsx examples/k8s-cluster.ts            (after `npx -y pnpm@12.4.2 install`)
 *
 * What to look for in the captures: out/k8s/node1-eth0.pcap (node1's underlay interface)
 * holds the probes between node1's pods and the pods of node2 and node3 with the pods' own
 * addresses as sources and destinations — no NAT — and the Service probes that kube-proxy's
 * DNAT on node1 sent to endpoints on other nodes, already rewritten to the endpoint's address.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Cluster, checkConformance, checkServices } from "@pktsim/cluster";
import { DeviceCaptures } from "pktsim";

const cluster = Cluster.build(
  {
    nodes: [
      { name: "node1", pods: 4 },
      { name: "node2", pods: 4 },
      { name: "node3", pods: 4 },
    ],
    services: [
      { name: "web", port: 80, targetPort: 8080, endpoints: ["node1/pod1", "node2/pod2", "node3/pod3"] },
      { name: "dns", port: 53, endpoints: ["node2/pod4", "node3/pod4"] },
    ],
  },
  { seed: 1 },
);
const captures = new DeviceCaptures(cluster.session.host.sim);

console.log("== the Kubernetes network model, checked between every pod and node");
const report = checkConformance(cluster);
process.stdout.write(report.format());

console.log("\n== Services: every pod sends to each ClusterIP from 6 source ports");
process.stdout.write(checkServices(cluster, 6).format());

console.log("\n== ip netns exec node1 iptables-save");
process.stdout.write(cluster.exec("ip netns exec node1 iptables-save"));

console.log("== ip netns exec node1-pod1 ip route; ip netns exec node1 ip route");
process.stdout.write(cluster.exec("ip netns exec node1-pod1 ip route"));
process.stdout.write(cluster.exec("ip netns exec node1 ip route"));

const dir = join("out", "k8s");
mkdirSync(dir, { recursive: true });
const files = captures.files();
for (const [name, bytes] of files) writeFileSync(join(dir, name), bytes);
console.log(`\nwrote ${files.size} captures to ${dir}/ (node1-eth0.pcap: node1's underlay traffic)`);
process.exitCode = report.ok ? 0 : 1;
