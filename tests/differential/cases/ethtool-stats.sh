# ethtool -S: veth reports peer_ifindex and per-queue XDP counters (which
# ordinary traffic does not touch); lo has no statistics.
ip netns add ns1
ip netns add ns2
ip link add veth0 netns ns1 type veth peer name veth1 netns ns2
ip netns exec ns1 ethtool -S veth0
ip netns exec ns2 ethtool -S veth1
ip netns exec ns1 ip addr add 10.0.0.1/24 dev veth0
ip netns exec ns2 ip addr add 10.0.0.2/24 dev veth1
ip netns exec ns1 ip link set veth0 up
ip netns exec ns2 ip link set veth1 up
ip netns exec ns1 ping -c 1 10.0.0.2
ip netns exec ns1 ethtool -S veth0
ip netns exec ns1 ip link add a0 type veth peer name a1
ip netns exec ns1 ethtool -S a0
ip netns exec ns1 ethtool -S lo
ip netns exec ns1 ethtool -S veth9
