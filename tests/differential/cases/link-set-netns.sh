# ip link set DEV netns NS: ifindex kept if free there, else a new one;
# a moved device arrives DOWN; its peer loses carrier.
ip netns add ns1
ip netns add ns2
ip link add veth0 type veth peer name veth1
ip link set veth0 up
ip link set veth1 up
ip link show
ip link set veth0 netns ns1
ip link show
ip netns exec ns1 ip link show
# ifindex 2 is free in ns1 before the move: veth1 keeps 2
ip link set veth1 netns ns1
ip netns exec ns1 ip link show
# ns2 already has ifindex 2 and 3: moved devices get new ones
ip netns exec ns2 ip link add a0 type veth peer name a1
ip netns exec ns1 ip link set veth0 netns ns2
ip netns exec ns1 ip link set veth1 netns ns2
ip netns exec ns2 ip link show
ip link show
