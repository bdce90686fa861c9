# What a sender gets back through a router for each route type there (ICMP codes, blackhole
# silent), and what the router's own ping gets (connect errors, no packet at all).
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
ip netns exec h1 ip route add default via 10.0.1.1
ip netns exec r sysctl -w net.ipv4.ip_forward=1
ip netns exec r ip route add blackhole 10.9.1.0/24
ip netns exec r ip route add unreachable 10.9.2.0/24
ip netns exec r ip route add prohibit 10.9.3.0/24
ip netns exec r ip route add throw 10.9.4.0/24
ip netns exec h1 ping -c 1 -W 1 10.9.1.1
ip netns exec h1 ping -c 1 -W 1 10.9.2.1
ip netns exec h1 ping -c 1 -W 1 10.9.3.1
ip netns exec h1 ping -c 1 -W 1 10.9.4.1
ip netns exec h1 ping -c 1 -W 1 10.5.5.5
ip netns exec r ping -c 1 -W 1 10.9.1.1
ip netns exec r ping -c 1 -W 1 10.9.2.1
ip netns exec r ping -c 1 -W 1 10.9.3.1
ip netns exec r ping -c 1 -W 1 10.9.4.1
ip netns exec r ping -c 1 -W 1 10.5.5.5
ip netns exec h1 ping -c 1 -W 1 127.0.0.1
ip netns exec h1 ping -c 3 -i 0.2 -W 1 10.9.2.1
ip netns exec r ip rule add to 10.9.5.0/24 prohibit
ip netns exec r ip rule add to 10.9.6.0/24 unreachable
ip netns exec r ip rule add to 10.9.7.0/24 blackhole
ip netns exec h1 ping -c 1 -W 1 10.9.5.1
ip netns exec h1 ping -c 1 -W 1 10.9.6.1
ip netns exec h1 ping -c 1 -W 1 10.9.7.1
ip netns exec r ping -c 1 -W 1 10.9.5.1
ip netns exec r ping -c 1 -W 1 10.9.6.1
ip netns exec r ping -c 1 -W 1 10.9.7.1
# ip_error and the ICMP limit spend the same per-sender token bucket, which is why the throw
# and no-route pings above got no answer; after a rest they get net unreachable.
sleep 6
ip netns exec h1 ping -c 1 -W 1 10.9.4.1
sleep 3
ip netns exec h1 ping -c 1 -W 1 10.5.5.5
ip netns exec h1 ping -c 8 -i 0.2 -W 1 10.5.5.5
