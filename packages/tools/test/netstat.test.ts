// netstat beyond the recorded differential cases: -s with traffic against a kernel transcript
// (fixtures/netstat-stats-ping-lo.*: two pings on lo in a fresh namespace), timers and
// TIME-WAIT in virtual time, /proc/net/tcp's layout, nstrcmp's interface order.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { Session } from "../src/index";
import { nstrcmp } from "../src/commands/netstat";

const fixtures = fileURLToPath(new URL("./fixtures/", import.meta.url));

/** A kernel-run.sh -x transcript split into each command's output. */
function blocks(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let cmd: string | null = null;
  for (const line of text.split("\n").slice(0, -1)) {
    if (line.startsWith("+ ")) {
      cmd = line.slice(2);
      out.set(cmd, "");
    } else if (cmd !== null) out.set(cmd, `${out.get(cmd)}${line}\n`);
  }
  return out;
}

function twoHosts(): Session {
  const s = new Session({ seed: 7 });
  for (const line of [
    "ip netns add ns1",
    "ip netns add ns2",
    "ip link add veth0 netns ns1 type veth peer name veth1 netns ns2",
    "ip netns exec ns1 ip addr add 10.0.0.1/24 dev veth0",
    "ip netns exec ns2 ip addr add 10.0.0.2/24 dev veth1",
    "ip netns exec ns1 ip link set veth0 up",
    "ip netns exec ns2 ip link set veth1 up",
    "ip netns exec ns1 ip link set lo up",
    "ip netns exec ns2 ip link set lo up",
  ]) {
    expect(s.exec(line).status).toBe(0);
  }
  return s;
}

describe("netstat -s", () => {
  it("prints the kernel's text for two pings on lo (IP octets and OutTransmits set by hand: the model does not move them)", () => {
    const kernel = blocks(readFileSync(`${fixtures}netstat-stats-ping-lo.txt`, "utf8"));
    const s = new Session({ seed: 3 });
    s.runScript(readFileSync(`${fixtures}netstat-stats-ping-lo.sh`, "utf8").split("\n").slice(0, 4).join("\n"));
    const ns = s.host.netns("ns1")!;
    // ip_rcv / ip_finish_output2 count these in the kernel; pktsim's ip.ts does not yet.
    ns.mib.ip.OutTransmits = 4;
    ns.mib.ip.InOctets = 336;
    ns.mib.ip.OutOctets = 336;
    ns.mib.ip.InNoECTPkts = 4;
    for (const cmd of ["netstat -s", "netstat -st", "netstat -su", "netstat -sw", "cat /proc/net/snmp"]) {
      const line = `ip netns exec ns1 ${cmd}`;
      expect(s.exec(line).output, cmd).toBe(kernel.get(line));
    }
  });

  it("counts what the model moves: the ICMP histogram and the IP counters of the pings", () => {
    const s = new Session({ seed: 3 });
    s.runScript("ip netns add ns1\nip netns exec ns1 ip link set lo up\nip netns exec ns1 ping -c 2 -q 127.0.0.1\n");
    const ns = s.host.netns("ns1")!;
    expect([ns.mib.ip.InReceives, ns.mib.ip.InDelivers, ns.mib.ip.OutRequests]).toEqual([4, 4, 4]);
    expect(s.exec("ip netns exec ns1 cat /proc/net/snmp").output).toContain("IcmpMsg: InType0 InType8 OutType0 OutType8\nIcmpMsg: 2 2 2 2\n");
  });

  it("refuses -c (a continuous listing never ends) and -s for inet6", () => {
    const s = new Session();
    expect(s.exec("netstat -c")).toMatchObject({ status: 1, stdout: "" });
    expect(s.exec("netstat -s -6")).toMatchObject({ status: 1, stdout: "" });
  });
});

describe("netstat socket tables", () => {
  it("shows TIME-WAIT with its timer in virtual time, no inode and no program", () => {
    const s = twoHosts();
    s.exec("ip netns exec ns2 setsid -f nc -l -k 8080");
    s.exec("sleep 0.5");
    expect(s.exec("ip netns exec ns1 nc -N -p 40001 10.0.0.2 8080").status).toBe(0);
    s.exec("sleep 1");
    // The client closed first (-N sends the FIN at EOF): TIME-WAIT for 60 s from the last FIN.
    const out = s.exec("ip netns exec ns1 netstat -tanpoe").stdout.split("\n");
    expect(out[2]).toMatch(/^tcp {8}0 {6}0 10\.0\.0\.1:40001 {10}10\.0\.0\.2:8080 {11}TIME_WAIT {3}0 {10}0 {10}- {20}timewait \(58\.99\/0\/0\)$/);
    s.exec("sleep 10");
    expect(s.exec("ip netns exec ns1 netstat -tano").stdout).toMatch(/TIME_WAIT   timewait \(48\.99\/0\/0\)\n$/);
    const proc = s.exec("ip netns exec ns1 cat /proc/net/tcp").stdout.split("\n");
    // get_timewait4_sock: timer 3, inode 0, refcnt 3, and the line padded to 149 columns.
    expect(proc[1]).toMatch(/^ {3}0: 0100000A:9C41 0200000A:1F90 06 00000000:00000000 03:0000(12|13)[0-9A-F]{2} 00000000 {5}0 {8}0 0 3 [0-9a-f]{16} +$/);
    expect(proc.slice(0, -1).map((l) => l.length)).toEqual([149, 149]);
    s.exec("sleep 50");
    expect(s.exec("ip netns exec ns1 netstat -tn").stdout).toBe(
      "Active Internet connections (w/o servers)\nProto Recv-Q Send-Q Local Address           Foreign Address         State      \n",
    );
  });

  it("shows an unaccepted connection's queue and '-' for its program (nc -l serves one client at a time)", () => {
    const s = twoHosts();
    s.exec("ip netns exec ns2 setsid -f nc -l -k 8080");
    s.exec("sleep 0.5");
    s.exec("ip netns exec ns1 setsid -f nc -p 40000 10.0.0.2 8080");
    s.exec("sleep 0.5");
    s.exec("ip netns exec ns1 nc -z -p 40002 10.0.0.2 8080");
    s.exec("sleep 0.5");
    const out = s.exec("ip netns exec ns2 netstat -tanp").stdout;
    // The listener's accept queue (Recv-Q of the /proc line) holds the waiting connection, which
    // got the client's FIN (Recv-Q 1) and has no descriptor yet.
    expect(out).toContain("tcp        1      0 0.0.0.0:8080            0.0.0.0:*               LISTEN      ");
    expect(out).toMatch(/tcp {8}1 {6}0 10\.0\.0\.2:8080 {11}10\.0\.0\.1:40002 {10}CLOSE_WAIT  - {19}\n/);
    expect(out).toMatch(/tcp {8}0 {6}0 10\.0\.0\.2:8080 {11}10\.0\.0\.1:40000 {10}ESTABLISHED \d+\/nc +\n/);
    expect(s.exec("ip netns exec ns2 ss -tln").stdout).toBe(
      "State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\nLISTEN 1      1            0.0.0.0:8080      0.0.0.0:*          \n",
    );
  });
});

describe("nstrcmp", () => {
  it("orders names by their stem, then by the number at their end", () => {
    const names = ["veth10", "lo", "eth10", "eth2", "veth2", "br0", "eth", "dummyish"];
    expect([...names].sort(nstrcmp)).toEqual(["br0", "dummyish", "eth", "eth2", "eth10", "lo", "veth2", "veth10"]);
  });
});
