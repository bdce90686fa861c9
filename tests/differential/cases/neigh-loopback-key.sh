# The loopback device has one neighbour, keyed 0.0.0.0 (ip_neigh_gw4), whatever address it carries.
ip netns add a
ip -n a link set lo up
ip -n a neigh show nud all
ip netns exec a ping -c 1 -q 127.0.0.1
ip -n a neigh show nud all
ip netns exec a ping -c 1 -q 127.0.0.2
ip -n a neigh show nud all
ip -n a addr add 10.9.9.9/32 dev lo
ip netns exec a ping -c 1 -q 10.9.9.9
ip -n a neigh show nud all
