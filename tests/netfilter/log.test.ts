// LOG writes nf_log_syslog's line into the kernel log that dmesg prints, stamped with virtual
// time; only the initial namespace logs unless net.netfilter.nf_log_all_netns is set. (The
// reference kernel logs only from init_net, so these lines follow nf_log_syslog.c rather than a
// recorded transcript.)
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

describe("LOG and dmesg", () => {
  it("logs an incoming echo request with its MAC header and ICMP fields", () => {
    const s = new Session({ seed: 5 });
    s.runScript([...SETUP, 'iptables -A INPUT -p icmp -j LOG --log-prefix "IN: "', "ip netns exec client ping -c 1 -e 7 10.0.0.1"].join("\n"));
    const veth0 = s.host.init.deviceByName("veth0")!;
    const peer = s.host.netns("client")!.deviceByName("veth1")!;
    const mac = (m: number): string => m.toString(16).padStart(12, "0").replace(/(..)(?!$)/g, "$1:");
    const out = s.exec("dmesg").stdout.split("\n").filter((l) => l !== "");
    expect(out).toHaveLength(1);
    const re = new RegExp(
      `^\\[    0\\.\\d{6}\\] IN: IN=veth0 OUT= MAC=${mac(veth0.mac)}:${mac(peer.mac)}:08:00 SRC=10\\.0\\.0\\.2 DST=10\\.0\\.0\\.1 LEN=84 TOS=0x00 PREC=0x00 TTL=64 ID=\\d+ DF PROTO=ICMP TYPE=8 CODE=0 ID=7 SEQ=1 $`,
    );
    expect(out[0]).toMatch(re);
  });

  it("logs TCP with flags and, on request, sequence numbers; MARK when set", () => {
    const s = new Session({ seed: 5 });
    s.runScript(
      [...SETUP, "iptables -t mangle -A OUTPUT -p tcp -j MARK --set-mark 0x2a", "iptables -A OUTPUT -p tcp -j LOG --log-tcp-sequence", "nc -z -p 5000 10.0.0.2 80"].join("\n"),
    );
    const out = s.exec("dmesg").stdout;
    expect(out).toMatch(/\] IN= OUT=veth0 SRC=10\.0\.0\.1 DST=10\.0\.0\.2 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=\d+ DF PROTO=TCP SPT=5000 DPT=80 SEQ=\d+ ACK=0 WINDOW=64240 RES=0x00 SYN URGP=0 MARK=0x2a \n/);
  });

  it("stays silent in another namespace unless nf_log_all_netns is set, and dmesg -c clears", () => {
    const s = new Session({ seed: 5 });
    s.runScript([...SETUP, "ip netns exec client iptables -A OUTPUT -j LOG", "ip netns exec client ping -c 1 -e 8 10.0.0.1"].join("\n"));
    expect(s.exec("dmesg").stdout).toBe("");
    expect(s.exec("ip netns exec client sysctl net.netfilter.nf_log_all_netns").stderr).toBe(
      "sysctl: cannot stat /proc/sys/net/netfilter/nf_log_all_netns: No such file or directory\n",
    );
    s.runScript(["sysctl -w net.netfilter.nf_log_all_netns=1", "ip netns exec client ping -c 1 -e 9 10.0.0.1"].join("\n"));
    const lines = s.exec("dmesg -c").stdout.split("\n").filter((l) => l !== "");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/\] IN= OUT=veth1 SRC=10\.0\.0\.2 DST=10\.0\.0\.1 LEN=84 .* PROTO=ICMP TYPE=8 CODE=0 ID=9 SEQ=1 $/);
    expect(s.exec("dmesg").stdout).toBe("");
  });
});
