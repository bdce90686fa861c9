# Turning ARP off on an up device empties its neighbour table (neigh_changeaddr from
# arp_netdev_event's NETDEV_CHANGE), permanent entries included, but proxy entries stay.
ip link add va type veth peer name vb
ip link set va up
ip neigh add proxy 10.0.0.9 dev va
ip neigh add 10.0.0.7 lladdr 02:00:00:00:00:07 dev va
ip link set va arp off
ip neigh show proxy
ip neigh show dev va nud all
ip link set va arp on
ip neigh add 10.0.0.8 lladdr 02:00:00:00:00:08 dev va
ip link set va down
ip link set va arp off
ip neigh show dev va nud all
ip neigh show proxy
