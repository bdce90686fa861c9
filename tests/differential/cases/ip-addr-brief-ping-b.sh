# ping -b: the broadcast warning, then no reply (icmp_echo_ignore_broadcasts).
ip netns add a
ip netns add b
ip link add va type veth peer name vb
ip link set va netns a
ip link set vb netns b
ip -n a addr add 10.1.1.1/24 brd + dev va
ip -n a addr add 10.1.1.5/24 dev va label va:1
ip -n b addr add 10.1.1.2/24 dev vb
ip -n a link set va up
ip -n b link set vb up
ip -n a -4 addr show
ip -n a addr show dev va scope global
ip -n a route show table local
ip -n a -br addr show
ip -n a -br link show
ip -n a -o addr show dev va
ip netns exec a ping -c 2 -i 0.2 -q 10.1.1.2
ip netns exec a ping -c 1 -b 10.1.1.255
ip -n a link set va mtu 1400
ip -n a route show
ip -n a addr del 10.1.1.1/24 dev va
ip -n a addr show dev va
ip -n a route show table all
ip -n a link set va down
ip -n a route show table all
ip -n b neigh show
ip -n a link show va
ip -n a -d link show va
