# Same as ping-unreachable-host but with lo DOWN in the sender's namespace:
# the locally generated ICMP host unreachable travels via lo and is lost,
# so ping reports plain loss, no "From ..." line and no "+1 errors".
ip netns add ns1
ip netns add ns2
ip link add veth0 netns ns1 type veth peer name veth1 netns ns2
ip netns exec ns1 ip addr add 10.0.0.1/24 dev veth0
ip netns exec ns2 ip addr add 10.0.0.2/24 dev veth1
ip netns exec ns1 ip link set veth0 up
ip netns exec ns2 ip link set veth1 up
ip netns exec ns1 ping -c 1 -W 5 10.0.0.9
ip netns exec ns1 ip neigh show
ip netns exec ns1 ping -c 1 10.0.0.2
