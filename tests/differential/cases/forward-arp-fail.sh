# A forwarded packet whose next hop never answers ARP: after ~3 s the router sends host
# unreachable to the sender.
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
ip netns exec h1 ping -c 1 -W 5 10.0.2.99
ip netns exec r ip neigh show 10.0.2.99
ip netns exec r ip route add 10.7.0.0/16 via 10.0.2.77
ip netns exec h1 ping -c 1 -W 5 10.7.0.1
ip netns exec h1 ping -c 1 -W 1 10.0.2.98
