# `ip -s neigh` "used": neigh_add_timer (net/core/neighbour.c) brings used up to confirmed when it
# arms the timer, so an entry that turns REACHABLE (ip neigh replace, or a probe answered) shows
# used 0; PROBE/DELAY entries with a backdated confirmed, a REACHABLE entry replaced as REACHABLE
# (no timer armed) and PERMANENT/STALE ones keep their old used.
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
ip -n a neigh add 10.0.0.3 lladdr 02:00:00:00:00:77 dev va nud stale
sleep 2.1
ip -n a neigh replace 10.0.0.2 lladdr 02:00:00:00:00:02 dev va nud probe
ip -n a neigh replace 10.0.0.3 lladdr 02:00:00:00:00:77 dev va nud probe
sleep 0.2
ip -n a -s neigh show 10.0.0.2
ip -n a -s neigh show 10.0.0.3
ip -n a neigh add 10.0.0.4 lladdr 02:00:00:00:00:02 dev va nud stale
ip -n a neigh add 10.0.0.5 lladdr 02:00:00:00:00:02 dev va nud stale
sleep 2.1
ip -n a neigh replace 10.0.0.4 lladdr 02:00:00:00:00:02 dev va nud reachable
ip -n a neigh replace 10.0.0.5 lladdr 02:00:00:00:00:02 dev va nud delay
sleep 0.2
ip -n a -s neigh show 10.0.0.4
ip -n a -s neigh show 10.0.0.5
ip -n a neigh add 10.0.0.12 lladdr 02:00:00:00:00:02 dev va nud reachable
ip -n a neigh add 10.0.0.13 lladdr 02:00:00:00:00:77 dev va nud stale
ip -n a neigh add 10.0.0.15 lladdr 02:00:00:00:00:02 dev va nud stale
ip -n a neigh add 10.0.0.16 lladdr 02:00:00:00:00:02 dev va nud stale
sleep 2.1
ip -n a neigh replace 10.0.0.12 lladdr 02:00:00:00:00:02 dev va nud reachable
ip -n a neigh replace 10.0.0.13 lladdr 02:00:00:00:00:77 dev va nud permanent
ip -n a neigh replace 10.0.0.15 lladdr 02:00:00:00:00:05 dev va nud stale
ip -n a neigh replace 10.0.0.16 lladdr 02:00:00:00:00:02 dev va nud reachable
sleep 1.2
ip -n a neigh replace 10.0.0.16 lladdr 02:00:00:00:00:02 dev va nud reachable
ip -n a -s neigh show 10.0.0.12
ip -n a -s neigh show 10.0.0.13
ip -n a -s neigh show 10.0.0.15
ip -n a -s neigh show 10.0.0.16
