# A router namespace between two hosts: ip_forward is 0 in every new namespace, so it drops
# what it would forward, silently; with ip_forward=1 the ping crosses it with TTL decremented.
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
ip netns exec h1 ping -c 1 10.0.2.2
ip netns exec h1 ip route add default via 10.0.1.1
ip netns exec h2 ip route add default via 10.0.2.1
ip netns exec r sysctl net.ipv4.ip_forward
ip netns exec r sysctl net.ipv4.conf.all.forwarding net.ipv4.conf.eth1.forwarding
ip netns exec h1 ping -c 1 -W 1 10.0.2.2
ip netns exec h1 ping -c 1 -W 1 10.0.2.1
ip netns exec r ip route get 10.0.2.2 from 10.0.1.2 iif eth1
ip netns exec r sysctl -w net.ipv4.ip_forward=1
ip netns exec r sysctl net.ipv4.conf.all.forwarding net.ipv4.conf.eth1.forwarding net.ipv4.conf.default.forwarding
ip netns exec r ip route get 10.0.2.2 from 10.0.1.2 iif eth1
ip netns exec h1 ping -c 2 -i 0.2 10.0.2.2
ip netns exec h2 ping -c 1 10.0.1.2
ip netns exec r sysctl -w net.ipv4.conf.eth1.forwarding=0
ip netns exec h1 ping -c 1 -W 1 10.0.2.2
ip netns exec h2 ping -c 1 -W 1 10.0.1.2
ip netns exec r sysctl -w net.ipv4.conf.eth1.forwarding=1
ip netns exec h1 ping -c 1 -W 1 10.0.2.2
ip netns exec r sysctl -w net.ipv4.ip_forward=0
ip netns exec r sysctl net.ipv4.conf.eth1.forwarding
ip netns exec h1 ping -c 1 -W 1 10.0.2.2
ip netns exec r sysctl -w net.ipv4.ip_forward=2
ip netns exec r sysctl net.ipv4.ip_forward
