/**
 * End to end: 18-byte UDP datagrams from namespace a to a socket in namespace b, through
 * veth → bridge → veth (and through a router namespace), the whole stack running: udp_sendmsg,
 * route output, every netfilter hook that has tables, neighbour output (ARP resolved before
 * the clock starts), veth transfer (10 µs), the bridge (learning, FDB lookup, br_netfilter),
 * ip_rcv, route input, local delivery, the socket's queue. One call sends a burst of 64
 * datagrams back to back and runs virtual time until all are read (1 ms); ops = datagrams read
 * by the receiving socket per second of wall time. Paths: benchmarks/lib/scenarios.ts.
 */
import { consume, runSuite, type CaseDef } from "../lib/harness";
import { buildUdpPath, type PathOptions } from "../lib/scenarios";

const BURST = 64;

const PATHS: ReadonlyArray<readonly [string, PathOptions]> = [
  ["bridge, no netfilter tables", { topology: "bridge", tables: false, rules: 0 }],
  ["bridge, empty tables at every hook", { topology: "bridge", tables: true, rules: 0 }],
  ["bridge, 100 filter rules", { topology: "bridge", tables: true, rules: 100 }],
  ["router, no netfilter tables", { topology: "router", tables: false, rules: 0 }],
  ["router, empty tables at every hook", { topology: "router", tables: true, rules: 0 }],
  ["router, 100 filter rules", { topology: "router", tables: true, rules: 100 }],
];

const cases: CaseDef[] = PATHS.map(([name, options]) => ({
  name: `udp ${name}`,
  unit: "packets",
  opsPerCall: BURST,
  prepare: () => {
    const path = buildUdpPath(options);
    // Warm-up: the JIT settles, conntrack and the FDB hold the flow, as in a running transfer.
    for (let i = 0; i < 500; i++) {
      for (let j = 0; j < BURST; j++) path.send();
      path.run(1_000_000);
    }
    const sent0 = path.delivered;
    const hops0 = path.hops();
    let sent = 0;
    return {
      fn: () => {
        for (let i = 0; i < BURST; i++) path.send();
        sent += BURST;
        path.run(1_000_000);
        consume(path.delivered);
      },
      after: () => {
        const delivered = path.delivered - sent0;
        if (delivered !== sent) throw new Error(`${name}: ${sent} sent, ${delivered} delivered`);
        return { "hops/packet": { value: (path.hops() - hops0) / delivered, unit: "" } };
      },
    };
  },
}));

runSuite(
  {
    name: "e2e",
    title: "End to end: UDP, 18-byte payload, namespace to namespace (ARP resolved), delivered packets per wall second",
    cases,
    notes: [
      "frame hops per second = packets/s × hops/packet (veth transmissions counted on the devices)",
      "target: >= 2M delivered packets/s through the bridge; benchmarks/kernel-vs-pktsim.sh measures the kernel (iperf3) and pktsim on the bridge path in one run",
    ],
  },
  import.meta.url,
);
