# ping the peer while the peer's end is down: veth0 is UP without carrier,
# the connected route is still used (linkdown), ARP frames are dropped by the
# veth, so ARP fails and ping reports Destination Host Unreachable after ~3 s.
ip netns add ns1
ip netns add ns2
ip link add veth0 netns ns1 type veth peer name veth1 netns ns2
ip netns exec ns1 ip link set lo up
ip netns exec ns1 ip addr add 10.0.0.1/24 dev veth0
ip netns exec ns2 ip addr add 10.0.0.2/24 dev veth1
ip netns exec ns1 ip link set veth0 up
ip netns exec ns1 ping -c 1 -W 5 10.0.0.2
ip netns exec ns1 ip neigh show
# the dropped ARP requests count as TX dropped on the sender
ip netns exec ns1 ip -s link show veth0
ip netns exec ns2 ip link set veth1 up
# the FAILED entry is re-resolved on the next packet
ip netns exec ns1 ping -c 1 -W 5 10.0.0.2
ip netns exec ns1 ip neigh show
