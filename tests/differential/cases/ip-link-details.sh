# ip -d link: bridge and bridge_slave details, promiscuity/allmulti counts, carrier changes
# (transns), the bridge's tso_max_size and MAC as ports come and go, multicast tunables.
# IPv6 is off so that no MLD/DAD frames move the counters; bridges' stats are not shown
# (the bridge's IGMP report for 224.0.0.106 is not modelled).
ip netns add a
ip netns exec a sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip -n a link add br0 type bridge
ip -n a link set br0 up
ip -n a link add x0 type veth peer name x1
ip -n a link set x0 address 02:00:00:00:00:20
ip -n a -s -s link show x0
ip -n a link set x0 master br0
ip -n a link set x0 up
ip -n a -s -s link show x0
ip -n a link set x1 up
ip -n a -s -s link show x0
ip -n a link set x1 down
ip -n a -s -s link show x0
ip -n a link set x1 up
ip -n a link set x0 nomaster
ip -n a -s -s link show lo
ip -n a link set lo up
ip -n a -s -s link show lo
ip -n a link set dev x0 promisc on
ip -n a -d link show x0
ip -n a link set x0 master br0
ip -n a -d link show x0
ip -n a link set dev x0 promisc off
ip -n a -d link show x0
ip -n a -6 addr show
ip -n a -6 addr show dev x0
ip -n a -j -6 addr show dev x0
ip -n a -s addr show dev x1
ip -n a link set br0 type bridge mcast_hash_max 8192 mcast_router 2 mcast_querier 5 mcast_last_member_interval 200
ip -n a -d link show br0
ip -n a -j -d link show br0
ip -n a link set br0 type bridge mcast_igmp_version 4
ip -n a link set br0 type bridge mcast_mld_version 3
ip -n a link set br0 type bridge mcast_router 3
ip -n a link set br0 type bridge mcast_vlan_snooping 1
ip -n a -d link show x0
ip -n a -j -d link show x0
ip -n a link add x2 type veth peer name x3
ip -n a link set x2 address 02:00:00:00:00:10
ip -n a link set x2 master br0
ip -n a -d link show x2
ip -n a -6 addr show
ip -n a -o -6 addr show
ip -n a -j -6 addr show
