# ip link show of a veth pair in one namespace through every up/down combination.
ip netns add ns1
ip netns exec ns1 ip link add veth0 type veth peer name veth1
ip netns exec ns1 ip link show type veth
ip netns exec ns1 ip link set veth0 up
ip netns exec ns1 ip link show type veth
ip netns exec ns1 ip link set veth1 up
ip netns exec ns1 ip link show type veth
ip netns exec ns1 ip link set veth0 down
ip netns exec ns1 ip link show type veth
ip netns exec ns1 ip link set veth1 down
ip netns exec ns1 ip link show type veth
ip netns exec ns1 ip link set lo up
ip netns exec ns1 ip link show lo
ip netns exec ns1 ip link set lo down
ip netns exec ns1 ip link show lo
