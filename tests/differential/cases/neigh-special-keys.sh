# ping 0.0.0.0 pings the source the route gives (127.0.0.1, the -I address, or the -I device's
# address); ip neigh add on a broadcast or multicast key overrides the NOARP entry the
# constructor makes; any neighbour on lo is the one keyed 0.0.0.0.
ip netns add a
ip netns add b
ip netns exec a sysctl -qw net.ipv6.conf.all.disable_ipv6=1
ip netns exec b sysctl -qw net.ipv6.conf.all.disable_ipv6=1
ip link add va netns a type veth peer name vb netns b
ip -n a link set lo up
ip -n a addr add 10.0.0.1/24 dev va
ip -n b addr add 10.0.0.2/24 dev vb
ip -n a link set va up
ip -n b link set vb up
ip netns exec a ping -c 1 -W 1 0.0.0.0
ip netns exec a ping -c 1 -W 1 -I 10.0.0.1 0.0.0.0
ip netns exec a ping -c 1 -W 1 -I va 0.0.0.0
ip -n a neigh add 10.0.0.255 lladdr 02:00:00:00:00:05 dev va
ip -n a neigh add 224.0.0.5 lladdr 02:00:00:00:00:05 dev va
ip -n a neigh add 10.0.0.4 lladdr 02:00:00:00:00:05 dev lo
ip -n a neigh add 10.0.0.6 lladdr 02:00:00:00:00:06 dev lo
ip -n a neigh show nud all 10.0.0.255
ip -n a neigh show nud all 224.0.0.5
ip -n a neigh show nud all dev lo
ip -n a neigh replace 10.0.0.255 lladdr 02:00:00:00:00:07 dev va
ip -n a neigh show nud all 10.0.0.255
