# ip link add NAME type veth peer name PEER, both ends in one namespace.
ip netns add ns1
ip netns exec ns1 ip link add veth0 type veth peer name veth1
# the peer is registered first: veth1 gets ifindex 2, veth0 3
ip netns exec ns1 ip link show
ip netns exec ns1 ip link show veth0
ip netns exec ns1 ip link show dev veth1
ip netns exec ns1 ip link show type veth
ip netns exec ns1 ip link show veth0 type veth
# without "peer name" the kernel names the peer veth%d (first free)
ip netns exec ns1 ip link add a0 type veth
ip netns exec ns1 ip link show type veth
ip netns exec ns1 ip link add veth0 type veth peer name b1
ip netns exec ns1 ip link add lo type veth peer name b1
ip netns exec ns1 ip link add b0 type veth peer name veth1
# NAME equal to PEER: the peer is registered, then NAME fails; the ifindex the
# peer had is used up (c1/c0 get 7/8, not 6/7)
ip netns exec ns1 ip link add q1 type veth peer name q1
ip netns exec ns1 ip link add c0 type veth peer name c1
ip netns exec ns1 ip link show type veth
# deleting one end deletes the pair; ifindexes are not reused
ip netns exec ns1 ip link del veth1
ip netns exec ns1 ip link add veth0 type veth peer name veth1
ip netns exec ns1 ip link show
