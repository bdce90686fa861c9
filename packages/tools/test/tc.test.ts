import { PointToPointLink } from "@pktsim/devices";
import { Host } from "@pktsim/stack";
import { describe, expect, it } from "vitest";
import { Session } from "../src/index";
import { formatG } from "../src/commands/tc";

/**
 * netem's listing, from iproute2 6.1's netem_print_opt and tc_util.c (the reference kernel has
 * no sch_netem, so these lines come from the source: ticks of 64 ns, µs truncated, %g).
 */
describe("tc qdisc show for netem", () => {
  function show(args: string): string {
    const s = new Session({ seed: 1 });
    s.exec("ip link add veth0 type veth peer name veth1");
    const r = s.exec(`tc qdisc add dev veth0 root netem ${args}`);
    expect(r.output).toBe("");
    expect(r.status).toBe(0);
    return s.exec("tc qdisc show dev veth0").output;
  }

  it("prints delay, jitter, loss and rate as tc does", () => {
    expect(show("delay 10ms 1ms loss 5% rate 1mbit")).toBe("qdisc netem 8001: root refcnt 3 limit 1000 delay 10ms  1ms loss 5% rate 1Mbit\n");
  });

  it("rounds through psched ticks: 100us is shown as 99us, 1.5ms as 1.5ms, 2s as 2s", () => {
    expect(show("delay 100us")).toBe("qdisc netem 8001: root refcnt 3 limit 1000 delay 99us\n");
    expect(show("delay 1.5ms")).toBe("qdisc netem 8001: root refcnt 3 limit 1000 delay 1.5ms\n");
    expect(show("delay 2s")).toBe("qdisc netem 8001: root refcnt 3 limit 1000 delay 2s\n");
  });

  it("prints correlations, duplicate, corrupt, reorder with its gap, and a limit", () => {
    expect(show("limit 50 delay 20ms 5ms 25% loss 0.1% 10% duplicate 1% corrupt 0.5%")).toBe(
      "qdisc netem 8001: root refcnt 3 limit 50 delay 20ms  5ms 25% loss 0.1% 10% duplicate 1% corrupt 0.5%\n",
    );
    expect(show("delay 10ms reorder 25% 50%")).toBe("qdisc netem 8001: root refcnt 3 limit 1000 delay 10ms reorder 25% 50% gap 1\n");
  });

  it("prints rates in the largest unit that keeps them whole", () => {
    expect(show("rate 1.5mbit")).toBe("qdisc netem 8001: root refcnt 3 limit 1000 rate 1500Kbit\n");
    expect(show("rate 1gbit")).toBe("qdisc netem 8001: root refcnt 3 limit 1000 rate 1Gbit\n");
    expect(show("rate 12345bit 14")).toBe("qdisc netem 8001: root refcnt 3 limit 1000 rate 12344bit packetoverhead 14\n");
  });

  it("shows netem in ip link, numbers handles per machine, counts in -s", () => {
    const s = new Session({ seed: 1 });
    s.exec("ip link add veth0 type veth peer name veth1");
    s.exec("ip link add veth2 type veth peer name veth3");
    s.exec("tc qdisc add dev veth0 root netem delay 10ms");
    s.exec("tc qdisc add dev veth2 root netem loss 100%");
    expect(s.exec("ip link show veth0").output).toMatch(/^3: veth0@veth1: .* qdisc netem state DOWN /);
    expect(s.exec("tc qdisc show").output).toBe(
      "qdisc noqueue 0: dev lo root refcnt 2 \n" +
        "qdisc netem 8001: dev veth0 root refcnt 3 limit 1000 delay 10ms\n" +
        "qdisc netem 8002: dev veth2 root refcnt 3 limit 1000 loss 100%\n",
    );
    s.exec("ip link set veth2 up");
    s.exec("ip link set veth3 up");
    s.exec("ip addr add 10.9.0.1/24 dev veth2");
    s.exec("ping -c 2 -W 1 10.9.0.2");
    // Two ARP requests were lost in netem (loss 100%): counted as drops, nothing sent.
    expect(s.exec("tc -s qdisc show dev veth2").output).toMatch(
      /^qdisc netem 8002: root refcnt 3 limit 1000 loss 100%\n Sent 0 bytes 0 pkt \(dropped [1-9]\d*, overlimits 0 requeues 0\) \n backlog 0b 0p requeues 0\n$/,
    );
  });

  it("ping through a veth with delay 100ms takes 100 ms in virtual time", () => {
    const s = new Session({ seed: 1 });
    for (const line of [
      "ip netns add a",
      "ip netns add b",
      "ip link add v0 netns a type veth peer name v1 netns b",
      "ip -n a addr add 10.0.0.1/24 dev v0",
      "ip -n b addr add 10.0.0.2/24 dev v1",
      "ip -n a link set v0 up",
      "ip -n b link set v1 up",
      "ip netns exec a tc qdisc add dev v0 root netem delay 100ms",
    ]) {
      expect(s.exec(line).status).toBe(0);
    }
    const out = s.exec("ip netns exec a ping -c 2 10.0.0.2").output;
    // The first request waits for ARP (itself delayed 100 ms); the second takes the bare delay.
    const times = [...out.matchAll(/time=([\d.]+) ms/g)].map((m) => Number(m[1]));
    expect(times).toHaveLength(2);
    expect(times[0]).toBeGreaterThanOrEqual(200);
    expect(times[1]).toBeGreaterThanOrEqual(100);
    expect(times[1]).toBeLessThan(100.1);
  });

  it("change replaces the delay in place; replace of another kind takes a new handle; del restores noqueue", () => {
    const s = new Session({ seed: 1 });
    s.exec("ip link add veth0 type veth peer name veth1");
    s.exec("ip link set veth0 up");
    s.exec("tc qdisc add dev veth0 root netem delay 10ms rate 1mbit");
    s.exec("tc qdisc change dev veth0 root netem delay 20ms");
    // netem_change keeps a rate the request does not mention.
    expect(s.exec("tc qdisc show dev veth0").output).toBe("qdisc netem 8001: root refcnt 3 limit 1000 delay 20ms rate 1Mbit\n");
    s.exec("tc qdisc replace dev veth0 root pfifo");
    expect(s.exec("tc qdisc show dev veth0").output).toBe("qdisc pfifo 8002: root refcnt 3 limit 1000p\n");
    expect(s.exec("tc qdisc del dev veth0 root").status).toBe(0);
    expect(s.exec("tc qdisc show dev veth0").output).toBe("qdisc noqueue 0: root refcnt 2 \n");
  });
});

describe("a NIC as tc and ip see it", () => {
  it("lists pfifo_fast with its bands and priomap, as this VM's eth0 (tc qdisc show on the reference machine)", () => {
    const host = new Host({ seed: 1 });
    const eth = host.init.addNic("eth0", new PointToPointLink(host.sim));
    eth.setMtu(1400);
    const s = new Session({ host });
    expect(s.exec("tc qdisc show").output).toBe("qdisc noqueue 0: dev lo root refcnt 2 \n");
    s.exec("ip link set eth0 up");
    expect(s.exec("tc qdisc show").output).toBe(
      "qdisc noqueue 0: dev lo root refcnt 2 \n" + "qdisc pfifo_fast 0: dev eth0 root refcnt 2 bands 3 priomap 1 2 2 2 1 2 0 0 1 1 1 1 1 1 1 1\n",
    );
    // No cable partner: up without carrier.
    expect(s.exec("ip link show eth0").output).toMatch(/^2: eth0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1400 qdisc pfifo_fast state DOWN mode DEFAULT group default qlen 1000\n    link\/ether 52:54:00:/);
    expect(s.exec("tc qdisc del dev eth0 root").output).toBe("Error: Cannot delete qdisc with handle of zero.\n");
    // A grafted qdisc on a single-queue NIC has refcnt 2.
    s.exec("tc qdisc add dev eth0 root netem delay 1ms");
    expect(s.exec("tc qdisc show dev eth0").output).toBe("qdisc netem 8001: root refcnt 2 limit 1000 delay 1ms\n");
    expect(s.exec("ip link del eth0").output).toBe("RTNETLINK answers: Operation not supported\n");
  });
});

describe("printf %g as tc uses it", () => {
  it("formats like C", () => {
    expect([5.0000000058, 0.1, 1e-5, 123456789, 2.5, 100, 1.25e-7].map((x) => formatG(x, 6))).toEqual([
      "5",
      "0.1",
      "1e-05",
      "1.23457e+08",
      "2.5",
      "100",
      "1.25e-07",
    ]);
    expect([1.5, 10, 999.5, 0.0015].map((x) => formatG(x, 3))).toEqual(["1.5", "10", "1e+03", "0.0015"]);
  });
});
