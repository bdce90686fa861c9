// nc through the Session API, where standard input can carry data (scripts have none): a
// background listener prints what clients send, a server's stdin goes to its client, UDP
// listeners with and without -k, and a foreground program that nothing can wake.
import { describe, expect, it } from "vitest";
import { Session } from "../src/index";

function twoHosts(): Session {
  const s = new Session({ seed: 4 });
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

describe("nc with data", () => {
  it("a background listener prints what a client sends, during the client's command", () => {
    const s = twoHosts();
    expect(s.exec("ip netns exec ns2 setsid -f nc -l -k 9999")).toMatchObject({ status: 0, output: "" });
    s.exec("sleep 0.1");
    const r = s.exec("ip netns exec ns1 nc -N 10.0.0.2 9999", { stdin: "hello\n" });
    expect(r).toMatchObject({ status: 0, stdout: "hello\n", stderr: "" });
    const r2 = s.exec("ip netns exec ns1 nc -v -N 10.0.0.2 9999", { stdin: "again\n" });
    expect(r2.output).toBe("Connection to 10.0.0.2 9999 port [tcp/*] succeeded!\nagain\n");
  });

  it("a server sends its standard input to the client, which prints it and exits when the server closes", () => {
    const s = twoHosts();
    s.exec("ip netns exec ns2 setsid -f nc -N -l 8080", { stdin: "HTTP/1.0 200 OK\r\n\r\nhi\n" });
    s.exec("sleep 0.1");
    const r = s.exec("ip netns exec ns1 nc -N 10.0.0.2 8080", { stdin: "GET / HTTP/1.0\r\n\r\n" });
    expect(r.stdout).toBe("GET / HTTP/1.0\r\n\r\nHTTP/1.0 200 OK\r\n\r\nhi\n");
    expect(r.status).toBe(0);
    // Without -k the listener is gone after its first client.
    expect(s.exec("ip netns exec ns1 nc -zv 10.0.0.2 8080").stderr).toBe("nc: connect to 10.0.0.2 port 8080 (tcp) failed: Connection refused\n");
  });

  it("UDP: -k hears every sender; without -k the listener connects to its first peer and ignores others", () => {
    const s = twoHosts();
    s.exec("ip netns exec ns2 setsid -f nc -u -l -k 7000");
    s.exec("ip netns exec ns2 setsid -f nc -u -l 7001");
    s.exec("sleep 0.1");
    expect(s.exec("ip netns exec ns1 nc -u -w 1 10.0.0.2 7000", { stdin: "one\n" }).output).toBe("one\n");
    expect(s.exec("ip netns exec ns1 nc -u -w 1 10.0.0.2 7000", { stdin: "two\n" }).output).toBe("two\n");
    expect(s.exec("ip netns exec ns1 nc -u -w 1 10.0.0.2 7001", { stdin: "first\n" }).output).toBe("first\n");
    // Another source port: the connected listener's socket does not match, so port unreachable.
    const r = s.exec("ip netns exec ns1 nc -u -w 1 10.0.0.2 7001", { stdin: "second\n" });
    expect(r.output).toBe("");
    expect(s.host.netns("ns2")!.mib.udp.NoPorts).toBe(1);
  });

  it("-zuv reports a UDP port that answers with nothing as open after 3 s of probing, and the listener saw five probes", () => {
    const s = twoHosts();
    s.exec("ip netns exec ns2 setsid -f nc -u -l -k 5353");
    s.exec("sleep 0.1");
    const t0 = s.host.sim.now;
    const r = s.exec("ip netns exec ns1 nc -zuv 10.0.0.2 5353");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("XXXXX");
    expect(r.stderr).toBe("Connection to 10.0.0.2 5353 port [udp/*] succeeded!\n");
    expect(Math.round((s.host.sim.now - t0) / 1e8) / 10).toBe(3);
  });

  it("a foreground listener that nobody calls is stopped after 60 s with status 124", () => {
    const s = twoHosts();
    const t0 = s.host.sim.now;
    const r = s.exec("ip netns exec ns2 nc -l 9999");
    expect(r).toMatchObject({ status: 124, output: "" });
    expect(Math.round((s.host.sim.now - t0) / 1e9)).toBe(60);
    // The port is free again.
    s.exec("ip netns exec ns2 setsid -f nc -l 9999");
    s.exec("sleep 0.1");
    expect(s.exec("ip netns exec ns1 nc -z 10.0.0.2 9999").status).toBe(0);
  });

  it("setsid's own errors", () => {
    const s = twoHosts();
    expect(s.exec("setsid")).toMatchObject({ status: 1, stderr: "setsid: no command specified\nTry 'setsid --help' for more information.\n" });
    expect(s.exec("setsid -f nosuchcmd")).toMatchObject({ status: 0, stderr: "setsid: failed to execute nosuchcmd: No such file or directory\n" });
  });
});
