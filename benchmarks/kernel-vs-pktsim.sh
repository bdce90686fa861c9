#!/usr/bin/env bash
# The real kernel and pktsim on the same path, in one run: UDP datagrams with an 18-byte payload
# from namespace a to namespace b through veth → bridge → veth (benchmarks/lib/scenarios.ts
# builds the same topology with the same commands), delivered datagrams per second of wall time.
#
#   benchmarks/kernel-vs-pktsim.sh [SECONDS]        (root; needs iperf3: apt-get install -y iperf3)
#
# Kernel: iperf3 -u -l 18 -b 0 (as fast as one sender thread goes) inside a private unshare
# (its own network, mount and PID namespaces: nothing touches the machine's network and
# everything ends with it); delivered = the server's datagrams minus the lost ones, over the
# server's seconds. pktsim: the e2e suite's "udp bridge, no netfilter tables" case (no tables on
# either side, as in a fresh namespace) through benchmark.js, against the built packages
# (build first: npx pnpm@12.4.2 build). Exit 77 when the kernel side cannot run here.
set -euo pipefail
secs=${1:-5}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)

if [ "$(id -u)" != 0 ]; then echo "kernel-vs-pktsim: needs root for unshare" >&2; exit 77; fi
if ! command -v iperf3 >/dev/null; then echo "kernel-vs-pktsim: needs iperf3 (apt-get install -y iperf3)" >&2; exit 77; fi

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores; $(uname -sr); load $(cut -d' ' -f1 /proc/loadavg)"
echo "kernel: iperf3 $(iperf3 --version | head -1 | cut -d' ' -f2), UDP, 18-byte payload, ${secs} s, a → veth → br0 → veth → b"

kernel_json=$(timeout $((secs + 30)) unshare --mount --net --pid --fork --mount-proc --propagation private bash -c "
  set -e
  mkdir -p /run/netns; mount -t tmpfs t /run/netns; ip link set lo up
  ip netns add a; ip netns add b
  ip link add br0 type bridge
  ip link add va type veth peer name va-br
  ip link add vb type veth peer name vb-br
  ip link set va netns a; ip link set vb netns b
  ip link set va-br master br0; ip link set vb-br master br0
  ip link set br0 up; ip link set va-br up; ip link set vb-br up
  ip -n a addr add 10.0.0.1/24 dev va; ip -n b addr add 10.0.0.2/24 dev vb
  ip -n a link set lo up; ip -n b link set lo up
  ip -n a link set va up; ip -n b link set vb up
  ip netns exec a ping -c 1 -W 2 10.0.0.2 >/dev/null
  ip netns exec b iperf3 -s -1 -D --logfile /dev/null
  sleep 0.5
  ip netns exec a iperf3 -u -l 18 -b 0 -t $secs -c 10.0.0.2 -J
") || { echo "kernel-vs-pktsim: the kernel run failed" >&2; exit 77; }

kernel_pps=$(printf '%s' "$kernel_json" | node -e '
  let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
    const j = JSON.parse(s);
    const r = j.end.sum_received ?? j.end.sum;
    const delivered = r.packets - (r.lost_packets ?? 0);
    console.log((delivered / r.seconds).toFixed(0));
  });')
echo "kernel: ${kernel_pps} datagrams/s delivered"

cd "$root"
result=$(npx tsx --tsconfig benchmarks/tsconfig.json benchmarks/suites/e2e.ts --case "udp bridge, no netfilter tables" --max-time "$secs" | grep '^@@RESULT ' | cut -c10-)
pktsim_pps=$(printf '%s' "$result" | node -e '
  let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
    const r = JSON.parse(s);
    console.log(`${r.opsPerSec.toFixed(0)} ±${r.rme.toFixed(1)}%`);
  });')
echo "pktsim: ${pktsim_pps} datagrams/s delivered (wall time; virtual time is separate)"
node -e "const k = Number('$kernel_pps'), p = Number('${pktsim_pps%% *}'); console.log('ratio pktsim/kernel: ' + (p / k).toFixed(2) + '×');"
