# A device going down loses every neighbour entry, permanent ones too (fib_disable_ip → arp_ifdown →
# neigh_ifdown); losing carrier keeps permanent entries (neigh_carrier_down).
ip link add va type veth peer name vb
ip link set va up
ip neigh add 10.0.0.8 lladdr 02:00:00:00:00:08 dev va
ip link set va down
ip -4 neigh show dev va nud all
ip link set va up
ip neigh add 10.0.0.8 lladdr 02:00:00:00:00:08 dev va
ip link set vb up
ip link set vb down
ip -4 neigh show dev va nud all
ip addr add 10.0.0.1/24 dev va
ip neigh add 10.0.0.9 lladdr 02:00:00:00:00:09 dev va
ip link set va down
ip -4 neigh show dev va nud all
