# ip addr add: primaries, secondaries, "local", /32, and its errors.
# The link stays DOWN, so no IPv6 link-local address appears.
ip netns add ns1
ip netns exec ns1 ip link add veth0 type veth peer name veth1
ip netns exec ns1 ip addr add 10.0.0.1/24 dev veth0
ip netns exec ns1 ip addr add 10.0.0.1/24 dev veth0
ip netns exec ns1 ip addr add 10.0.0.5/24 dev veth0
ip netns exec ns1 ip addr add 10.0.0.1/16 dev veth0
ip netns exec ns1 ip addr add local 10.0.1.1/24 dev veth0
ip netns exec ns1 ip addr add 10.0.2.1 dev veth0
# the same address on another device is allowed
ip netns exec ns1 ip addr add 10.0.0.1/24 dev veth1
ip netns exec ns1 ip addr add 10.0.0.300/24 dev veth0
ip netns exec ns1 ip addr add 10.0.0.3/33 dev veth0
ip netns exec ns1 ip addr add foo dev veth0
ip netns exec ns1 ip addr add 10.0.0.7/24 dev veth9
ip netns exec ns1 ip addr add 10.0.0.7/24
ip netns exec ns1 ip addr show dev veth0
ip netns exec ns1 ip addr show veth1
ip netns exec ns1 ip addr show
ip netns exec ns1 ip addr show dev veth9
