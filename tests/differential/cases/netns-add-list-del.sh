# ip netns add/list/del and what a brand-new namespace contains.
ip netns list
ip netns add ns1
ip netns add ns2
ip netns add ns3
# newest first (readdir order of the tmpfs /run/netns)
ip netns list
ip netns
ip netns show
ip netns del ns2
ip netns list
# a re-created name counts as newest
ip netns add ns2
ip netns list
ip netns exec ns1 ip link show
ip netns exec ns1 ip addr show
ip netns exec ns1 ip route show table all
ip netns exec ns1 ip neigh show
ip netns delete ns1
ip netns del ns2
ip netns del ns3
ip netns list
