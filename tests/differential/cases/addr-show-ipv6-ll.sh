# The automatic IPv6 link-local address: created only when the link has
# carrier, "tentative" during DAD (>= 1 s), gone again when the link goes down.
ip netns add ns1
ip netns add ns2
ip link add veth0 netns ns1 type veth peer name veth1 netns ns2
ip netns exec ns1 ip addr add 10.0.0.1/24 dev veth0
ip netns exec ns1 ip link set veth0 up
# up, no carrier: no link-local yet
ip netns exec ns1 ip addr show dev veth0
ip netns exec ns2 ip link set veth1 up
# carrier: link-local present and tentative
ip netns exec ns1 ip addr show dev veth0
sleep 3
ip netns exec ns1 ip addr show dev veth0
ip netns exec ns2 ip addr show
# peer down: carrier lost, the address stays
ip netns exec ns2 ip link set veth1 down
ip netns exec ns1 ip addr show dev veth0
ip netns exec ns2 ip addr show
# admin down: the link-local address is removed
ip netns exec ns1 ip link set veth0 down
ip netns exec ns1 ip addr show dev veth0
