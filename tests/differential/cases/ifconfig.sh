# ifconfig DEV / ifconfig DEV up|down in states without IPv6 traffic
# (no carrier yet, so all counters are still 0).
ip netns add ns1
ip netns add ns2
ip link add veth0 netns ns1 type veth peer name veth1 netns ns2
ip netns exec ns1 ifconfig veth0
ip netns exec ns1 ip addr add 10.0.0.1/24 dev veth0
ip netns exec ns1 ifconfig veth0
ip netns exec ns1 ifconfig veth0 up
ip netns exec ns1 ifconfig veth0
ip netns exec ns1 ip link show veth0
ip netns exec ns1 ifconfig
ip netns exec ns1 ifconfig -a
ip netns exec ns1 ifconfig lo up
ip netns exec ns1 ifconfig lo
ip netns exec ns1 ifconfig veth0 down
ip netns exec ns1 ifconfig veth0
ip netns exec ns1 ip link show veth0
ip netns exec ns1 ifconfig veth9
ip netns exec ns1 ifconfig veth9 up
