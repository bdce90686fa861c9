// Packet traces: pktsim-trace shows a packet's whole way — the stack's hand-offs, each
// netfilter table, chain and rule with its verdict, conntrack's state, NAT's rewrite — and where
// and why it was dropped; -j TRACE feeds xtables-monitor --trace in its own format.
import { Session } from "pktsim";
import { describe, expect, it } from "vitest";

const SETUP = [
  "ip netns add client",
  "ip link add veth0 type veth peer name veth1 netns client",
  "ip addr add 10.0.0.1/24 dev veth0",
  "ip link set veth0 up",
  "ip -n client addr add 10.0.0.2/24 dev veth1",
  "ip -n client link set veth1 up",
];

describe("packet traces", () => {
  it("show the rule that dropped a packet and the drop, and keep a packet selected through NAT", () => {
    const s = new Session({ seed: 2 });
    s.runScript(
      [...SETUP, "iptables -N SUB", "iptables -A INPUT -p icmp -j SUB", "iptables -A SUB -m conntrack --ctstate NEW -j RETURN", "iptables -A SUB -j DROP"].join("\n"),
    );
    const r = s.exec("pktsim-trace --host 10.0.0.2 --proto icmp -- ip netns exec client ping -c 2 -i 0.2 -W 1 -e 5 10.0.0.1");
    expect(r.status).toBe(0);
    const trace = r.stdout.slice(r.stdout.search(/^packet \d+:/m));
    // The first request: routed locally, accepted after SUB returned.
    expect(trace).toContain("ipt_do_table INPUT filter:INPUT:rule:1:JUMP:SUB -p icmp -j SUB");
    expect(trace).toContain("ipt_do_table INPUT filter:SUB:rule:1:0xfffffffb -m conntrack --ctstate NEW -j RETURN");
    expect(trace).toContain("ipt_do_table INPUT filter:INPUT:policy:ACCEPT");
    // The second: ESTABLISHED, dropped by SUB's second rule, and the drop with its reason.
    const blocks = trace.split(/^packet /m).filter((b) => b !== "");
    const last = blocks[blocks.length - 1]!;
    expect(last).toMatch(/^\d+: 10\.0\.0\.2 > 10\.0\.0\.1 icmp echo request id 5 ttl 64 len 84\n/);
    expect(last).toContain("nf_conntrack_in PREROUTING ESTABLISHED");
    expect(last).toContain("ipt_do_table INPUT filter:SUB:rule:2:DROP -j DROP");
    expect(last).toMatch(/DROP nf_hook_slow NETFILTER_DROP \(veth0\)\n$/);

    s.exec("iptables -F SUB");
    s.exec("iptables -t nat -A OUTPUT -d 10.99.0.1/32 -p icmp -j DNAT --to-destination 10.0.0.2");
    s.exec("ip route add 10.99.0.0/16 via 10.0.0.2");
    const nat = s.exec("pktsim-trace --dst 10.99.0.1 -- ping -c 1 -e 6 10.99.0.1").stdout;
    expect(nat).toContain("nf_nat_packet OUTPUT DNAT");
    // Selected by its original destination, followed after the rewrite, to the peer.
    expect(nat).toContain("now 10.0.0.1 > 10.0.0.2 icmp echo request id 6");
    expect(nat).toContain("ip_local_deliver [client] protocol 1");
  });

  it("--drops keeps only the packets that died", () => {
    const s = new Session({ seed: 2 });
    s.runScript([...SETUP, "iptables -A INPUT -p icmp --icmp-type echo-request -j DROP"].join("\n"));
    const out = s.exec("pktsim-trace --drops -- ip netns exec client ping -c 1 -W 1 -e 7 10.0.0.1").stdout;
    const blocks = out.slice(out.search(/^packet \d+:/m)).split(/^packet /m).filter((b) => b !== "");
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toContain("filter:INPUT:rule:1:DROP");
  });

  it("-j TRACE events read back with xtables-monitor --trace", () => {
    const s = new Session({ seed: 2 });
    s.runScript([...SETUP, "iptables -t raw -A PREROUTING -p icmp -j TRACE", "iptables -A INPUT -p icmp -j ACCEPT", "ip netns exec client ping -c 1 -e 8 10.0.0.1"].join("\n"));
    const lines = s.exec("xtables-monitor --trace").stdout.split("\n");
    expect(lines[0]).toMatch(/^PACKET: 2 [0-9a-f]{8} IN=veth0 MACSRC=[0-9a-f:]+ MACDST=[0-9a-f:]+ MACPROTO=0800 SRC=10\.0\.0\.2 DST=10\.0\.0\.1 LEN=84 TOS=0x0 TTL=64 ID=\d+ DF $/);
    const id = lines[0]!.split(" ")[2];
    expect(lines.slice(1, 3)).toEqual([` TRACE: 2 ${id} raw:PREROUTING:rule:0x2:CONTINUE  -4 -t raw -A PREROUTING -p icmp -j TRACE`, ` TRACE: 2 ${id} raw:PREROUTING:policy:ACCEPT `]);
    expect(lines).toContain(` TRACE: 2 ${id} filter:INPUT:rule:0x2:ACCEPT  -4 -t filter -A INPUT -p icmp -j ACCEPT`);
    expect(s.exec("xtables-monitor --trace").stdout).toBe("");
  });
});
