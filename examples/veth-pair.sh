# The classic experiment: two namespaces joined by a veth pair, then one ping.
# (Also examples/veth-pair.sh.)
ip netns add ns1
ip netns add ns2
ip link add veth0 type veth peer name veth1
ip link set veth0 netns ns1
ip link set veth1 netns ns2
ip netns exec ns1 ip addr add 10.0.0.1/24 dev veth0
ip netns exec ns2 ip addr add 10.0.0.2/24 dev veth1
ip netns exec ns1 ip link set lo up
ip netns exec ns2 ip link set lo up
ip netns exec ns1 ip link set veth0 up
ip netns exec ns2 ip link set veth1 up
ip netns exec ns1 ping -c 3 10.0.0.2
# IPv6 DAD on the link-local addresses ends 1-2 s after carrier up; wait so
# that `ip addr` shows them without "tentative" (ns2's ARP entry for 10.0.0.1
# stays DELAY until 5 s after the first reply).
sleep 1
ip netns exec ns1 ip addr show
ip netns exec ns1 ip neigh show
ip netns exec ns2 ip neigh show
ip netns exec ns1 ip route show
ip netns list
