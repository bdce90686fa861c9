# ip neigh replace … nud probe / nud delay (net/core/neighbour.c __neigh_update): the timer is
# armed to fire at once, so a PROBE entry sends its first probe (unicast to the known address)
# right away and an answer makes it REACHABLE; a DELAY entry confirmed within delay_probe_time
# turns REACHABLE without probing; probes to a wrong address fail after 3 (ucast_probes).
ip netns add a
ip netns add b
ip netns exec a sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip netns exec b sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip link add va netns a type veth peer name vb netns b
ip -n a link set lo up
ip -n b link set lo up
ip -n a link set va address 02:00:00:00:00:01
ip -n b link set vb address 02:00:00:00:00:02
ip -n a addr add 10.0.0.1/24 dev va
ip -n b addr add 10.0.0.2/24 dev vb
ip -n a link set va up
ip -n b link set vb up
ip -n a neigh add 10.0.0.2 lladdr 02:00:00:00:00:02 dev va nud stale
ip -n a -s neigh show 10.0.0.2 dev va
ip -n a neigh replace 10.0.0.2 lladdr 02:00:00:00:00:02 dev va nud probe
sleep 0.2
ip -n a -s neigh show 10.0.0.2 dev va
ip -n b -s neigh show 10.0.0.1 dev vb
ip -n a neigh replace 10.0.0.2 lladdr 02:00:00:00:00:02 dev va nud stale
ip -n a neigh replace 10.0.0.2 lladdr 02:00:00:00:00:02 dev va nud delay
sleep 0.2
ip -n a -s neigh show 10.0.0.2 dev va
ip -n a neigh replace 10.0.0.2 lladdr 02:00:00:00:00:77 dev va nud probe
sleep 0.2
ip -n a -s neigh show 10.0.0.2 dev va
sleep 1
ip -n a -s neigh show 10.0.0.2 dev va
sleep 2.5
ip -n a neigh show 10.0.0.2 dev va
ip -n a neigh replace 10.0.0.2 lladdr 02:00:00:00:00:02 dev va nud delay
sleep 0.2
ip -n a neigh show 10.0.0.2 dev va
