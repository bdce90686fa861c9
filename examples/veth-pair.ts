/**
 * The veth experiment through the TypeScript API: two namespaces, a veth pair, addresses,
 * a ping, the neighbour tables, and a pcap of what veth0 saw.
 *
 *   npx tsx examples/veth-pair.ts            (after `npx -y pnpm@12.4.2 install`)
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { PcapWriter, formatIpv4, formatMac, parseIpv4 } from "@pktsim/core";
import { Host, Ping, nudName } from "@pktsim/stack";
import { Session } from "pktsim";

const host = new Host({ seed: 42 });
const ns1 = host.addNetns("ns1");
const ns2 = host.addNetns("ns2");
const [veth0, veth1] = host.init.addVethPair("veth0", "veth1");
host.init.moveDevice(veth0, ns1);
host.init.moveDevice(veth1, ns2);
ns1.ip.addAddress(veth0, { local: parseIpv4("10.0.0.1")!, prefixLen: 24 });
ns2.ip.addAddress(veth1, { local: parseIpv4("10.0.0.2")!, prefixLen: 24 });
for (const dev of [ns1.lo, ns2.lo, veth0, veth1]) dev.setAdminUp(true);

// Capture what veth0 sends and receives, timestamped in virtual time.
const pcap = new PcapWriter();
veth0.addTap((pkt) => pcap.write(host.sim.now, pkt.data()));

const ping = new Ping(ns1, { destination: parseIpv4("10.0.0.2")!, count: 3, ident: host.nextPid() }, (event) => {
  if (event.kind === "reply") console.log(`reply from ${formatIpv4(event.from)}: icmp_seq=${event.seq} ttl=${event.ttl} rtt=${event.rttUs} µs`);
});
if (ping.probe() !== 0) throw new Error("no route to 10.0.0.2");
ping.start();
host.sim.scheduler.runUntilIdle(() => ping.done);
console.log(`${ping.stats.transmitted} sent, ${ping.stats.received} received in ${ping.stats.elapsed / 1e6} ms of virtual time`);

for (const n of ns1.neigh.dump()) console.log(`ns1 neighbour ${formatIpv4(n.key)} ${formatMac(n.lladdr)} ${nudName(n.state)}`);

// The same host through the command line tools.
const session = new Session({ host });
process.stdout.write(session.exec("ip netns exec ns2 ip neigh show").output);

mkdirSync("out", { recursive: true });
writeFileSync("out/veth0-api.pcap", pcap.bytes());
console.log(`wrote out/veth0-api.pcap (${pcap.packets} frames)`);
