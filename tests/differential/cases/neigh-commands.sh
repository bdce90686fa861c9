# ip neigh add/change/replace/del/get/flush (with -s and -j), their errors and filters; IPv6 off so
# that no MLD neighbour entry appears. Entries are listed one at a time where the order would
# follow the kernel's random hash.
ip netns add a
ip netns exec a sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip netns add b
ip link add va netns a type veth peer name vb netns b
ip -n a addr add 10.1.1.1/24 dev va
ip -n b addr add 10.1.1.2/24 dev vb
ip -n a link set va up
ip -n b link set vb up
ip -n a neigh add 10.1.1.7 lladdr 02:00:00:00:00:07 dev va
ip -n a neigh show
ip -n a neigh add 10.1.1.7 lladdr 02:00:00:00:00:07 dev va
ip -n a neigh replace 10.1.1.7 lladdr 02:00:00:00:00:08 dev va nud reachable
ip -n a neigh show dev va
ip -n a neigh change 10.1.1.8 lladdr 02:00:00:00:00:08 dev va
ip -n a neigh del 10.1.1.7 dev va
ip -n a neigh del 10.1.1.7 dev va
ip -n a neigh add 10.1.1.9 dev va nud noarp
ip -n a neigh show nud noarp
ip -n a neigh show nud all
ip -n a neigh del 10.1.1.9 dev va
ip -n a neigh add 10.1.1.10 lladdr 02:00:00:00:00:0a dev va nud stale
ip -n a -s neigh show
ip -n a neigh get 10.1.1.10 dev va
ip -n a neigh get 10.1.1.11 dev va
ip -n a neigh flush dev va
ip -n a neigh show
ip -n a neigh add 10.1.1.12 lladdr zz dev va
ip -n a neigh add 10.1.1.12 dev nope
ip -n a neigh add 10.1.1.12 lladdr 02:00:00:00:00:0c
ip -n a neigh add bogus dev va
ip -n a neigh add 10.1.1.12 lladdr 02:00:00:00:00:0c dev va nud bogus
ip -n a neigh add proxy 10.1.1.50 dev va
ip -n a neigh show proxy
ip -n a neigh flush all
ip -n a neigh
ip -n a neigh help
ip -n a -4 neigh show to 10.1.1.0/24
ip -n a neigh show 10.1.1.10
ip -n a neigh add 10.1.1.20 lladdr 02:00:00:00:00:14 dev va nud reachable
ip -n a neigh add 10.1.1.21 dev va nud incomplete
ip -n a -s neigh show 10.1.1.20
ip -n a -s neigh show 10.1.1.21
ip -n a neigh show nud reachable
ip -n a neigh show nud incomplete
ip -n a -s neigh flush dev va
ip -n a -s neigh flush dev va
ip -n a neigh add 10.1.1.22 lladdr 02:00:00:00:00:16 dev va
ip -n a neigh add 10.1.1.22 lladdr 02:00:00:00:00:17 dev va
ip -n a neigh change 10.1.1.22 lladdr 02:00:00:00:00:18 dev va
ip -n a -j neigh get 10.1.1.22 dev va
ip -n a neigh get 10.1.1.22
ip -n a neigh add 10.1.1.23 lladdr 02:00:00 dev va
ip -n a neigh show nud bogus
ip -n a neigh flush
ip -n a neigh show dev nope
ip -n a neigh bogus
