# A VXLAN device as a bridge port with `proxy` (vxlan_xmit → arp_reduce): an ARP request the
# bridge floods to it is answered from the device's own neighbour table when the entry is
# NUD_CONNECTED, and nothing goes out; without an entry it is flooded to the default remote.
# Bridge fdb show lists the bridge's entries for the port (it learned the proxied answer's
# MAC), then the device's own FDB. The echo request to the proxied MAC goes to the default
# remote, which has no route: one tx carrier error. mcast_snooping is off so that the bridge
# sends no IGMP through the port (pktsim does not model it).
ip netns add host
ip netns add pod
ip netns exec host sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip netns exec pod sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip -n host link add br0 type bridge mcast_snooping 0
ip -n host link add vx0 address 02:00:00:00:00:10 type vxlan id 100 dstport 4789 proxy nolearning remote 192.0.2.1
ip -n host link add veth0 type veth peer name eth0 netns pod
ip -n host link set vx0 master br0
ip -n host link set veth0 master br0
ip -n host link set br0 up
ip -n host link set vx0 up
ip -n host link set veth0 up
ip -n pod addr add 10.0.0.1/24 dev eth0
ip -n pod link set eth0 up
ip -n host neigh add 10.0.0.9 lladdr 02:00:00:00:00:99 dev vx0 nud permanent
ip -n host neigh add 10.0.0.8 lladdr 02:00:00:00:00:88 dev vx0 nud stale
ip netns exec pod ping -c 1 -W 1 10.0.0.9
ip -n pod neigh show 10.0.0.9
ip netns exec pod ping -c 1 -W 1 10.0.0.8
ip netns exec pod ping -c 1 -W 1 10.0.0.7
sleep 4
ip -n host -s link show vx0
bridge -n host fdb show dev vx0
bridge -n host -d link show dev vx0
ip -n host -d link show vx0
