// ss beyond the recorded differential cases: timers in virtual time (print_ms_timer's forms,
// checked against the kernel's "timer:(timewait,58sec,0)" one second into TIME-WAIT), -e's
// details, the options the model refuses, and the filter language's errors.
import { describe, expect, it } from "vitest";
import { Session } from "../src/index";

function twoHosts(): Session {
  const s = new Session({ seed: 5 });
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
    "ip netns exec ns2 setsid -f nc -l -k 8080",
    "sleep 0.5",
  ]) {
    expect(s.exec(line).status).toBe(0);
  }
  return s;
}

describe("ss -o", () => {
  it("counts a TIME-WAIT timer down in virtual time, in print_ms_timer's forms", () => {
    const s = twoHosts();
    expect(s.exec("ip netns exec ns1 nc -N -p 40001 10.0.0.2 8080").status).toBe(0);
    s.exec("sleep 1");
    const timer = (): string => /timer:\(([^)]*)\)/.exec(s.exec("ip netns exec ns1 ss -tano").stdout)?.[1] ?? "";
    // As on the kernel one second after the close (58.98 s left; more than 9 s prints whole seconds).
    expect(timer()).toBe("timewait,58sec,0");
    s.exec("sleep 53.5");
    expect(timer()).toMatch(/^timewait,5\.4\d\dms,0$/);
    s.exec("sleep 5");
    expect(timer()).toMatch(/^timewait,4\d\dms,0$/);
    s.exec("sleep 1");
    expect(s.exec("ip netns exec ns1 ss -Htan").stdout).toBe("");
  });

  it("shows TIME-WAIT in its own state filter, with inode 0 and a cookie (-e)", () => {
    const s = twoHosts();
    s.exec("ip netns exec ns1 nc -N -p 40001 10.0.0.2 8080");
    s.exec("sleep 1");
    expect(s.exec("ip netns exec ns1 ss -tn state time-wait").stdout).toBe(
      "Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess\n0      0           10.0.0.1:40001     10.0.0.2:8080       \n",
    );
    expect(s.exec("ip netns exec ns1 ss -tane").stdout).toMatch(/TIME-WAIT 0 {6}0 {11}10\.0\.0\.1:40001 {5}10\.0\.0\.2:8080 timer:\(timewait,58sec,0\) ino:0 sk:1\n$/);
  });
});

describe("ss -e and -p", () => {
  it("prints inode, cookie and the shutdown arrows of full sockets, and the holder of each", () => {
    const s = twoHosts();
    s.exec("ip netns exec ns1 setsid -f nc -p 40000 10.0.0.2 8080");
    s.exec("sleep 0.5");
    const out = s.exec("ip netns exec ns2 ss -tanep").stdout.split("\n");
    expect(out[1]).toMatch(/^LISTEN 0 {6}1 {12}0\.0\.0\.0:8080 {6}0\.0\.0\.0:\* {5}users:\(\("nc",pid=\d+,fd=3\)\) ino:\d+ sk:1 <->$/);
    expect(out[2]).toMatch(/^ESTAB {2}0 {6}0 {11}10\.0\.0\.2:8080 {5}10\.0\.0\.1:40000 users:\(\("nc",pid=\d+,fd=4\)\) ino:\d+ sk:2 <->$/);
    // The same process holds both: ss finds it by the socket's inode in /proc/PID/fd.
    expect(new Set(out.slice(1, 3).map((l) => /pid=(\d+)/.exec(l)?.[1])).size).toBe(1);
  });
});

describe("ss refusals and errors", () => {
  it("refuses what the model cannot reproduce exactly", () => {
    const s = new Session();
    for (const opt of ["-i", "-m", "-K", "-E", "-b", "--tos", "--cgroup"]) {
      const r = s.exec(`ss -t ${opt}`);
      expect(r.status, opt).toBe(1);
      expect(r.stderr, opt).toMatch(/^ss: .* is not modelled by pktsim\n$/);
      expect(r.stdout, opt).toBe("");
    }
  });

  it("reports a filter syntax error as bison does, then the usage (exit 255)", () => {
    const s = new Session();
    const r = s.exec("ss -t 'sport = :80 )'");
    expect(r.status).toBe(255);
    expect(r.stderr.startsWith('ss: bison bellows (while parsing filter): "syntax error!" Sorry.\nUsage: ss [ OPTIONS ]\n')).toBe(true);
  });

  it("says -Z needs SELinux and prints its version", () => {
    const s = new Session();
    expect(s.exec("ss -Z")).toMatchObject({ status: 1, stderr: "ss: SELinux is not enabled.\n" });
    expect(s.exec("ss -V")).toMatchObject({ status: 0, stdout: "ss utility, iproute2-6.1.0\n" });
  });
});
