# ip link show of a veth whose peer is in another namespace, in every state.
ip netns add ns1
ip netns add ns2
ip link add veth0 netns ns1 type veth peer name veth1 netns ns2
ip netns exec ns1 ip link show veth0
ip netns exec ns1 ip link set veth0 up
ip netns exec ns1 ip link show veth0
ip netns exec ns2 ip link show veth1
ip netns exec ns2 ip link set veth1 up
ip netns exec ns1 ip link show veth0
ip netns exec ns2 ip link show veth1
ip netns exec ns2 ip link set veth1 down
ip netns exec ns1 ip link show veth0
ip netns exec ns2 ip link show veth1
