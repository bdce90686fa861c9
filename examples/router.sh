# Two subnets joined by a router namespace: h1 (10.0.1.2/24) - r (10.0.1.1, 10.0.2.1) - h2
# (10.0.2.2/24). Without routes a host cannot reach the other subnet; with a default route
# on each host the router still drops the packets until ip_forward is set; then pings cross it
# with the TTL decremented, a TTL of 1 expires at the router, and the router's unreachable
# route types answer the sender with their ICMP codes (a blackhole answers nothing).
#
#   npx pktsim run -x examples/router.sh --pcap out/pcap
#
# prints what the kernel prints for the same commands (tests/differential/cases/
# forward-router-example.sh links to this script; its kernel transcript is
# tests/differential/kernel/forward-router-example.txt).
ip netns add h1
ip netns add r
ip netns add h2
ip link add eth0 netns h1 type veth peer name eth1 netns r
ip link add eth0 netns h2 type veth peer name eth2 netns r
ip netns exec h1 ip link set lo up
ip netns exec r ip link set lo up
ip netns exec h2 ip link set lo up
ip netns exec h1 ip addr add 10.0.1.2/24 dev eth0
ip netns exec r ip addr add 10.0.1.1/24 dev eth1
ip netns exec r ip addr add 10.0.2.1/24 dev eth2
ip netns exec h2 ip addr add 10.0.2.2/24 dev eth0
ip netns exec h1 ip link set eth0 up
ip netns exec r ip link set eth1 up
ip netns exec r ip link set eth2 up
ip netns exec h2 ip link set eth0 up
# only the connected subnet is routed: the other one is unreachable for the sender itself
ip netns exec h1 ip route
ip netns exec h1 ping -c 1 10.0.2.2
ip netns exec h1 ip route add default via 10.0.1.1
ip netns exec h2 ip route add default via 10.0.2.1
ip netns exec h1 ip route
ip netns exec h1 ip route get 10.0.2.2
ip netns exec r ip route
ip netns exec r route -n
# a new namespace does not forward: the router drops the ping without an answer
ip netns exec r sysctl net.ipv4.ip_forward
ip netns exec r ip route get 10.0.2.2 from 10.0.1.2 iif eth1
ip netns exec h1 ping -c 1 -W 1 10.0.2.2
ip netns exec r sysctl -w net.ipv4.ip_forward=1
ip netns exec r ip route get 10.0.2.2 from 10.0.1.2 iif eth1
ip netns exec h1 ping -c 3 -i 0.2 10.0.2.2
ip netns exec h2 ping -c 1 10.0.1.2
# TTL 1 expires at the router, TTL 2 gets there
ip netns exec h1 ping -c 1 -t 1 10.0.2.2
ip netns exec h1 ping -c 1 -t 2 10.0.2.2
# the route types that refuse: blackhole drops silently, the others answer with ICMP
ip netns exec r ip route add blackhole 10.9.1.0/24
ip netns exec r ip route add unreachable 10.9.2.0/24
ip netns exec r ip route add prohibit 10.9.3.0/24
ip netns exec r ip route
ip netns exec h1 ping -c 1 -W 1 10.9.1.1
ip netns exec h1 ping -c 1 -W 1 10.9.2.1
ip netns exec h1 ping -c 1 -W 1 10.9.3.1
# nothing matches at all: net unreachable (after a pause, as errors to one sender are rate limited)
sleep 2
ip netns exec h1 ping -c 1 -W 1 10.5.5.5
# the router's own pings fail in connect()
ip netns exec r ping -c 1 10.9.1.1
ip netns exec r ping -c 1 10.9.2.1
ip netns exec r ping -c 1 10.9.3.1
ip netns exec r ping -c 1 10.5.5.5
