/**
 * kube-proxy scale: the iptables ruleset kube-proxy writes for 1,000 and 10,000 ClusterIP
 * services (benchmarks/lib/kube-proxy.ts), loaded with iptables-restore in a node namespace,
 * and UDP datagrams from a client namespace to a ClusterIP through it (the router path of
 * benchmarks/lib/scenarios.ts: a → node r → endpoints in b; DNAT in r's nat PREROUTING).
 *   restore      iptables-restore of the whole ruleset into the node (replacing the last one)
 *   established  one flow: after its first datagram conntrack carries the DNAT, the nat table
 *                is not consulted again (as in the kernel)
 *   new flows    64 flows in turn with r's conntrack flushed after every burst of 64, so each
 *                datagram is NEW and walks KUBE-SERVICES to its rule; the target is the last
 *                service in the chain (the worst case of iptables mode's linear scan)
 */
import { consume, runSuite, type CaseDef } from "../lib/harness";
import { clusterIp, kubeProxyRules } from "../lib/kube-proxy";
import { buildUdpPath } from "../lib/scenarios";
import { Session } from "pktsim";

const SIZES: ReadonlyArray<readonly [string, number]> = [
  ["1,000", 1_000],
  ["10,000", 10_000],
];
const BURST = 64;

function ruleCount(text: string): number {
  return text.split("\n").filter((l) => l.startsWith("-A ")).length;
}

const cases: CaseDef[] = [];
for (const [label, n] of SIZES) {
  cases.push({
    name: `iptables-restore ${label} services`,
    unit: "restores",
    opsPerCall: 1,
    timePerCall: "restore time",
    prepare: () => {
      const rules = kubeProxyRules(n);
      const session = new Session({ seed: 1 });
      session.exec("ip netns add node");
      return {
        fn: () => {
          const r = session.exec("ip netns exec node iptables-restore", { stdin: rules });
          if (r.status !== 0) throw new Error(r.output);
        },
        metrics: { rules: { value: ruleCount(rules), unit: "" } },
      };
    },
  });
  for (const fresh of [false, true]) {
    cases.push({
      name: `ClusterIP ${label} services, ${fresh ? "new flow per packet" : "established flow"}`,
      unit: "packets",
      opsPerCall: BURST,
      prepare: () => {
        const rules = kubeProxyRules(n);
        const path = buildUdpPath({
          topology: "router",
          tables: false,
          rules: 0,
          setup: ["ip -n b addr add 10.0.2.2/24 dev vb", ["ip netns exec r iptables-restore", rules]],
          target: { addr: clusterIp(n - 1), port: 80 },
          senders: fresh ? BURST : 1,
        });
        const conntrack = path.session.host.netns("r")!.netfilter.conntrack;
        const burst = (): void => {
          for (let i = 0; i < BURST; i++) path.send();
          path.run(1_000_000);
          if (fresh) conntrack.flush();
        };
        for (let i = 0; i < 50; i++) burst();
        const sent0 = path.delivered;
        let sent = 0;
        return {
          fn: () => {
            burst();
            sent += BURST;
            consume(path.delivered);
          },
          metrics: { rules: { value: ruleCount(rules), unit: "" } },
          after: () => {
            const delivered = path.delivered - sent0;
            if (delivered !== sent) throw new Error(`${sent} sent, ${delivered} delivered`);
            return {};
          },
        };
      },
    });
  }
}

runSuite(
  {
    name: "kube-proxy",
    title: "kube-proxy scale: iptables-restore of the ruleset for N services, UDP to a ClusterIP through it",
    cases,
    notes: [
      "restore time includes parsing, flushing the previous ruleset and committing, through `ip netns exec node iptables-restore` (stdin)",
      "new flow per packet: the conntrack flush after each burst of 64 is inside the timing",
    ],
  },
  import.meta.url,
);
