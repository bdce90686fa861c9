import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizeTranscript } from "./normalize";

// Excerpt of a real kernel transcript (cases/veth-pair.sh on Linux 6.18, iproute2 6.1).
const KERNEL = `+ ip netns exec ns1 ping -c 3 10.0.0.2
PING 10.0.0.2 (10.0.0.2) 56(84) bytes of data.
64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=0.234 ms
64 bytes from 10.0.0.2: icmp_seq=2 ttl=64 time=0.053 ms
64 bytes from 10.0.0.2: icmp_seq=3 ttl=64 time=0.059 ms

--- 10.0.0.2 ping statistics ---
3 packets transmitted, 3 received, 0% packet loss, time 2045ms
rtt min/avg/max/mdev = 0.053/0.115/0.234/0.083 ms
+ ip netns exec ns1 ip addr show
1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
    inet 127.0.0.1/8 scope host lo
       valid_lft forever preferred_lft forever
    inet6 ::1/128 scope host 
       valid_lft forever preferred_lft forever
3: veth0@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
    link/ether 8a:70:88:30:7a:30 brd ff:ff:ff:ff:ff:ff link-netns ns2
    inet 10.0.0.1/24 scope global veth0
       valid_lft forever preferred_lft forever
    inet6 fe80::8870:88ff:fe30:7a30/64 scope link 
       valid_lft forever preferred_lft forever
+ ip netns exec ns1 ip neigh show
10.0.0.2 dev veth0 lladdr 0e:a4:47:5a:63:bb REACHABLE 
+ ip netns exec ns2 ip neigh show
10.0.0.1 dev veth1 lladdr 8a:70:88:30:7a:30 DELAY 
`;

const EXPECTED = `+ ip netns exec ns1 ping -c 3 10.0.0.2
PING 10.0.0.2 (10.0.0.2) 56(84) bytes of data.
64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=<rtt> ms
64 bytes from 10.0.0.2: icmp_seq=2 ttl=64 time=<rtt> ms
64 bytes from 10.0.0.2: icmp_seq=3 ttl=64 time=<rtt> ms

--- 10.0.0.2 ping statistics ---
3 packets transmitted, 3 received, 0% packet loss, time <time>ms
rtt min/avg/max/mdev = <rtt>/<rtt>/<rtt>/<rtt> ms
+ ip netns exec ns1 ip addr show
1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
    inet 127.0.0.1/8 scope host lo
       valid_lft forever preferred_lft forever
    inet6 ::1/128 scope host 
       valid_lft forever preferred_lft forever
3: veth0@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
    link/ether <mac1> brd ff:ff:ff:ff:ff:ff link-netns ns2
    inet 10.0.0.1/24 scope global veth0
       valid_lft forever preferred_lft forever
    inet6 fe80::<mac1-eui64>/64 scope link 
       valid_lft forever preferred_lft forever
+ ip netns exec ns1 ip neigh show
10.0.0.2 dev veth0 lladdr <mac2> REACHABLE 
+ ip netns exec ns2 ip neigh show
10.0.0.1 dev veth1 lladdr <mac1> DELAY 
`;

describe("normalizeTranscript", () => {
  it("normalises a real kernel transcript: random MACs, their link-locals and ping times only", () => {
    expect(normalizeTranscript(KERNEL)).toBe(EXPECTED);
  });

  it("numbers MACs by first appearance and maps the same MAC to the same token", () => {
    const text = "a 02:00:00:00:00:0b\nb 02:00:00:00:00:0a\nc 02:00:00:00:00:0b\n";
    expect(normalizeTranscript(text)).toBe("a <mac1>\nb <mac2>\nc <mac1>\n");
  });

  it("treats upper- and lower-case spellings of a MAC as the same MAC", () => {
    expect(normalizeTranscript("x 0A:BB:CC:DD:EE:FF y 0a:bb:cc:dd:ee:ff")).toBe("x <mac1> y <mac1>");
  });

  it("keeps MACs that cannot be random: zero, broadcast, multicast, universally administered", () => {
    const text = [
      "link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00",
      "link/ether 2e:37:8c:3a:67:a4 brd ff:ff:ff:ff:ff:ff",
      "33:33:00:00:00:16 01:00:5e:00:00:01 01:80:c2:00:00:00 00:1b:21:3a:4f:5c",
    ].join("\n");
    expect(normalizeTranscript(text)).toBe(
      [
        "link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00",
        "link/ether <mac1> brd ff:ff:ff:ff:ff:ff",
        "33:33:00:00:00:16 01:00:5e:00:00:01 01:80:c2:00:00:00 00:1b:21:3a:4f:5c",
      ].join("\n"),
    );
  });

  it("keeps a MAC the script itself set, and the link-local address derived from it", () => {
    const text = [
      "+ ip link set veth1 address 02:11:22:33:44:AA",
      "2: veth1@veth0: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000",
      "    link/ether 02:11:22:33:44:aa brd ff:ff:ff:ff:ff:ff",
      "    inet6 fe80::11:22ff:fe33:44aa/64 scope link ",
      "3: veth0@veth1: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000",
      "    link/ether 76:3a:36:fe:ff:22 brd ff:ff:ff:ff:ff:ff",
    ].join("\n");
    const out = normalizeTranscript(text);
    expect(out).toContain("link/ether 02:11:22:33:44:aa brd");
    expect(out).toContain("inet6 fe80::11:22ff:fe33:44aa/64");
    expect(out).toContain("link/ether <mac1> brd");
    expect(out).toContain("+ ip link set veth1 address 02:11:22:33:44:AA");
  });

  it("maps an EUI-64 link-local to its MAC's token even when it appears before the MAC", () => {
    const text = "fe80::f8a2:28ff:fecf:26a1 dev veth0\nlladdr fa:a2:28:cf:26:a1\n";
    expect(normalizeTranscript(text)).toBe("fe80::<mac1-eui64> dev veth0\nlladdr <mac1>\n");
  });

  it("handles EUI-64 identifiers whose leading zeros are compressed", () => {
    // 02:a8:50:81:44:53 -> IID 00a8:50ff:fe81:4453, printed fe80::a8:50ff:fe81:4453
    expect(normalizeTranscript("02:a8:50:81:44:53 fe80::a8:50ff:fe81:4453")).toBe("<mac1> fe80::<mac1-eui64>");
    // 02:00:00:11:22:33 -> IID 0000:00ff:fe11:2233, printed fe80::ff:fe11:2233
    expect(normalizeTranscript("02:00:00:11:22:33 fe80::ff:fe11:2233")).toBe("<mac1> fe80::<mac1-eui64>");
  });

  it("keeps the /64 prefix of a non-link-local EUI-64 address", () => {
    expect(normalizeTranscript("2001:db8:0:1:f8a2:28ff:fecf:26a1/64")).toBe("2001:db8:0:1:<mac1-eui64>/64");
  });

  it("leaves IPv6 addresses that are not EUI-64 alone", () => {
    const text = "::1/128 fe80::/64 fe80::1 ff00::/8 ff02::16 2001:db8::2 ::ffff:10.0.0.1";
    expect(normalizeTranscript(text)).toBe(text);
  });

  it("normalises solicited-node multicast derived from a random MAC", () => {
    const text = "link/ether 8a:70:88:30:7a:30\nlink  33:33:ff:30:7a:30\ninet6 ff02::1:ff30:7a30\ninet6 ff02::1:ff00:1\n";
    expect(normalizeTranscript(text)).toBe(
      "link/ether <mac1>\nlink  33:33:ff:<mac1-low24>\ninet6 ff02::1:ff<mac1-low24>\ninet6 ff02::1:ff00:1\n",
    );
  });

  it("normalises bridge ids in brctl, sysfs and ip -d forms", () => {
    const text = [
      "br0\t\t8000.0a69e9dcc3d7\tno\t\tvb1",
      "bridge_id 8000.a:69:e9:dc:c3:d7 designated_root 8000.a:69:e9:dc:c3:d7",
      "link/ether 0a:69:e9:dc:c3:d7",
      "bridge_id 8000.0:0:0:0:0:0 8000.000000000000",
    ].join("\n");
    expect(normalizeTranscript(text)).toBe(
      [
        "br0\t\t8000.<mac1>\tno\t\tvb1",
        "bridge_id 8000.<mac1> designated_root 8000.<mac1>",
        "link/ether <mac1>",
        "bridge_id 8000.0:0:0:0:0:0 8000.000000000000",
      ].join("\n"),
    );
  });

  it("normalises every ping time format but no other number", () => {
    const text = [
      "64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=0.263 ms",
      "64 bytes from 10.0.0.2: icmp_seq=2 ttl=64 time=1.05 ms",
      "64 bytes from 10.0.0.2: icmp_seq=3 ttl=64 time=12.3 ms",
      "64 bytes from 10.0.0.2: icmp_seq=4 ttl=64 time=153 ms",
      "8 bytes from 10.0.0.2: icmp_seq=1 ttl=64",
      "From 10.0.0.1 icmp_seq=1 Destination Host Unreachable",
      "3 packets transmitted, 0 received, +3 errors, 100% packet loss, time 2028ms",
      "pipe 3",
      "1 packets transmitted, 1 received, 0% packet loss, time 0ms",
      "rtt min/avg/max/mdev = 0.053/0.115/0.234/0.083 ms",
      "5 packets transmitted, 5 received, 0% packet loss, time 4ms, ipg/ewma 1.017/0.071 ms",
      "TX packets 4  bytes 328 (328.0 B)",
    ].join("\n");
    expect(normalizeTranscript(text)).toBe(
      [
        "64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=<rtt> ms",
        "64 bytes from 10.0.0.2: icmp_seq=2 ttl=64 time=<rtt> ms",
        "64 bytes from 10.0.0.2: icmp_seq=3 ttl=64 time=<rtt> ms",
        "64 bytes from 10.0.0.2: icmp_seq=4 ttl=64 time=<rtt> ms",
        "8 bytes from 10.0.0.2: icmp_seq=1 ttl=64",
        "From 10.0.0.1 icmp_seq=1 Destination Host Unreachable",
        "3 packets transmitted, 0 received, +3 errors, 100% packet loss, time <time>ms",
        "pipe 3",
        "1 packets transmitted, 1 received, 0% packet loss, time <time>ms",
        "rtt min/avg/max/mdev = <rtt>/<rtt>/<rtt>/<rtt> ms",
        "5 packets transmitted, 5 received, 0% packet loss, time <time>ms, ipg/ewma <rtt>/<rtt> ms",
        "TX packets 4  bytes 328 (328.0 B)",
      ].join("\n"),
    );
  });

  it("does not mistake clock times, IPv6 or other colon runs for MACs", () => {
    const text = "00:40:29.184046 2001:db8::a8:50 1:2:3:4:5:6:7:8 aa:bb:cc:dd:ee peer_ifindex: 2";
    expect(normalizeTranscript(text)).toBe(text);
  });

  it("is idempotent", () => {
    const once = normalizeTranscript(KERNEL);
    expect(normalizeTranscript(once)).toBe(once);
  });

  it("makes two runs that differ only in random MACs and times compare equal", () => {
    const lam = fc
      .tuple(fc.integer({ min: 0, max: 63 }), fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 5, maxLength: 5 }))
      .map(([hi, rest]) => [(hi << 2) | 0x02, ...rest].map(hex2).join(":"));
    const time = fc.integer({ min: 1, max: 99_999 }).map((n) => (n / 1000).toFixed(3));
    const run = (a: string, b: string, t: string): string => {
      const [a0, a1, a2, a3, a4, a5] = a.split(":").map((x) => parseInt(x, 16)) as [number, number, number, number, number, number];
      const iid = [((a0 ^ 2) << 8) | a1, (a2 << 8) | 0xff, 0xfe00 | a3, (a4 << 8) | a5].map((x) => x.toString(16)).join(":");
      return `link/ether ${a} brd ff:ff:ff:ff:ff:ff\ninet6 fe80::${iid}/64 scope link \n10.0.0.2 dev veth0 lladdr ${b} REACHABLE \nicmp_seq=1 ttl=64 time=${t} ms\n`;
    };
    fc.assert(
      fc.property(lam, lam, time, lam, lam, time, (a, b, t, c, d, u) => {
        fc.pre(a !== b && c !== d);
        expect(normalizeTranscript(run(a, b, t))).toBe(normalizeTranscript(run(c, d, u)));
      }),
    );
  });

  it("numbers conntrack ids (-o id, -o xml) by first appearance and keeps ICMP identifiers", () => {
    const text = [
      "icmp     1 29 src=10.0.0.2 dst=10.0.0.1 type=8 code=0 id=1111 src=10.0.0.1 dst=10.0.0.2 type=0 code=0 id=1111 mark=0 use=1 id=2178653077",
      "tcp      6 118 TIME_WAIT src=10.0.0.2 dst=10.0.0.1 sport=5555 dport=8080 [ASSURED] mark=0 use=2 id=874662010",
      "<flow><meta direction=\"independent\"><timeout>28</timeout><mark>0</mark><use>1</use><id>2178653077</id></meta></flow>",
      "",
    ].join("\n");
    expect(normalizeTranscript(text)).toBe(
      [
        "icmp     1 29 src=10.0.0.2 dst=10.0.0.1 type=8 code=0 id=1111 src=10.0.0.1 dst=10.0.0.2 type=0 code=0 id=1111 mark=0 use=1 id=<ctid1>",
        "tcp      6 118 TIME_WAIT src=10.0.0.2 dst=10.0.0.1 sport=5555 dport=8080 [ASSURED] mark=0 use=2 id=<ctid2>",
        "<flow><meta direction=\"independent\"><timeout>28</timeout><mark>0</mark><use>1</use><id><ctid1></id></meta></flow>",
        "",
      ].join("\n"),
    );
  });
});

function hex2(n: number): string {
  return n.toString(16).padStart(2, "0");
}

describe("recorded kernel transcripts", () => {
  const dir = fileURLToPath(new URL("./kernel/", import.meta.url));
  const files = readdirSync(dir).filter((f) => f.endsWith(".txt"));

  it("exist for every case script", () => {
    const cases = readdirSync(fileURLToPath(new URL("./cases/", import.meta.url))).filter((f) => f.endsWith(".sh"));
    expect(files.map((f) => f.replace(/\.txt$/, "")).sort()).toEqual(cases.map((f) => f.replace(/\.sh$/, "")).sort());
  });

  it.each(files)("%s normalises without leftover random MACs or times", (file) => {
    const out = normalizeTranscript(readFileSync(dir + file, "utf8"));
    const lines = out.split("\n");
    const canon = (mac: string): string => mac.split(":").map((g) => g.toLowerCase().padStart(2, "0")).join(":");
    const macs = (line: string): string[] =>
      [...line.matchAll(/(?<![0-9A-Fa-f:])(?:[0-9A-Fa-f]{1,2}:){5}[0-9A-Fa-f]{1,2}(?![0-9A-Fa-f:])/g)].map((m) => canon(m[0]));
    const setByScript = new Set(lines.filter((l) => l.startsWith("+ ")).flatMap(macs));
    for (const line of lines.filter((l) => !l.startsWith("+ "))) {
      for (const mac of macs(line)) {
        const random = (parseInt(mac.slice(0, 2), 16) & 3) === 2;
        if (random) expect(setByScript).toContain(mac);
      }
      expect(line).not.toMatch(/time=\d/);
      expect(line).not.toMatch(/time \d+ms/);
      expect(line).not.toMatch(/fe80::[0-9a-f]+:[0-9a-f]+ff:fe/);
    }
  });

  it("replaces only the date of iptables-save's header and footer lines", () => {
    const text = [
      "+ iptables-save",
      "# Generated by iptables-save v1.8.9 (nf_tables) on Sat Nov 28 00:34:43 2026",
      "*filter",
      "-A INPUT -m comment --comment \"on Sat Nov 28 00:34:43 2026\"",
      "COMMIT",
      "# Completed on Mon Dec  1 09:05:07 2025",
      "",
    ].join("\n");
    expect(normalizeTranscript(text)).toBe(
      [
        "+ iptables-save",
        "# Generated by iptables-save v1.8.9 (nf_tables) on <date>",
        "*filter",
        "-A INPUT -m comment --comment \"on Sat Nov 28 00:34:43 2026\"",
        "COMMIT",
        "# Completed on <date>",
        "",
      ].join("\n"),
    );
  });
});
