# Kernel routes created by ip addr add, by link state (IPv4 tables; lo of ns1 stays down).
ip netns add ns1
ip netns exec ns1 ip link add veth0 type veth peer name veth1
ip netns exec ns1 ip route show table all
ip netns exec ns1 ip addr add 10.0.0.1/24 dev veth0
# link down: only the local route
ip netns exec ns1 ip route show table all
ip netns exec ns1 ip route show
ip netns exec ns1 ip route show table main
ip netns exec ns1 ip route show table local
ip netns exec ns1 ip link set veth0 up
# up without carrier: prefix and broadcast routes, flagged linkdown
ip netns exec ns1 ip route show table all
ip netns exec ns1 ip link set veth1 up
# carrier: no more linkdown (table main/local only list IPv4)
ip netns exec ns1 ip route show table main
ip netns exec ns1 ip route show table local
ip netns exec ns1 ip route show
# /31 and /32: no broadcast route; another prefix on the same device
ip netns exec ns1 ip addr add 10.0.1.0/31 dev veth0
ip netns exec ns1 ip addr add 10.0.2.1/32 dev veth0
ip netns exec ns1 ip addr add 192.168.5.9/16 dev veth0
ip netns exec ns1 ip route show table main
ip netns exec ns1 ip route show table local
ip netns exec ns1 ip addr del 10.0.0.1/24 dev veth0
ip netns exec ns1 ip route show table main
ip netns exec ns1 ip route show table local
