# ip addr del: deleting a primary also deletes its secondaries
# (promote_secondaries=0); errors; the prefix-less wildcard warning.
ip netns add ns1
ip netns exec ns1 ip link add veth0 type veth peer name veth1
ip netns exec ns1 ip addr add 10.0.0.1/24 dev veth0
ip netns exec ns1 ip addr add 10.0.0.2/24 dev veth0
ip netns exec ns1 ip addr add 10.0.0.3/24 dev veth0
ip netns exec ns1 ip addr add 10.0.1.1/24 dev veth0
ip netns exec ns1 ip addr add 10.0.2.1/32 dev veth0
ip netns exec ns1 ip addr show dev veth0
ip netns exec ns1 ip route show table local
ip netns exec ns1 ip addr del 10.0.0.2/24 dev veth0
ip netns exec ns1 ip addr show dev veth0
ip netns exec ns1 ip addr del 10.0.0.1/24 dev veth0
ip netns exec ns1 ip addr show dev veth0
ip netns exec ns1 ip route show table local
ip netns exec ns1 ip addr del 10.0.0.1/24 dev veth0
ip netns exec ns1 ip addr del 10.0.1.1/16 dev veth0
ip netns exec ns1 ip addr del 10.0.2.1 dev veth0
ip netns exec ns1 ip addr del 10.0.1.1/24 dev veth9
ip netns exec ns1 ip addr show dev veth0
