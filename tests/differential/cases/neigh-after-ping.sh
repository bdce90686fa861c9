# ip neigh show on both sides right after a ping: the pinger has a REACHABLE
# entry (from the ARP reply), the pinged side learned the pinger from the ARP
# request (STALE) and, having used it for the reply, shows DELAY (for 5 s).
ip netns add ns1
ip netns add ns2
ip link add veth0 netns ns1 type veth peer name veth1 netns ns2
ip netns exec ns1 ip addr add 10.0.0.1/24 dev veth0
ip netns exec ns2 ip addr add 10.0.0.2/24 dev veth1
ip netns exec ns1 ip link set veth0 up
ip netns exec ns2 ip link set veth1 up
ip netns exec ns1 ip neigh show
ip netns exec ns1 ping -c 1 10.0.0.2
ip netns exec ns1 ip neigh show
ip netns exec ns2 ip neigh show
ip netns exec ns1 ip neigh show dev veth0
ip netns exec ns2 ip neigh show 10.0.0.1
# admin down flushes the device's entries
ip netns exec ns1 ip link set veth0 down
ip netns exec ns1 ip neigh show
