# The seed rule of netfilter: `iptables -A INPUT -i eth0 -p icmp -j ACCEPT` with a DROP policy
# behind it. A client pings us through eth0 (a veth whose peer, also eth0, is in the client's
# namespace); iptables-save prints the ruleset and iptables -vnL the counters: the rule counts
# the two echo requests, the policy nothing. Without the rule the policy drops the next ping.
#
#   npx pktsim run -x examples/iptables-filter.sh
#
# prints what the kernel prints for the same commands, apart from the date iptables-save
# writes (tests/differential/cases/nf-example-filter.sh links to this script).
ip netns add client
ip link add eth0 type veth peer name eth0 netns client
ip addr add 10.0.0.1/24 dev eth0
ip link set eth0 up
ip -n client addr add 10.0.0.2/24 dev eth0
ip -n client link set eth0 up
iptables -A INPUT -i eth0 -p icmp -j ACCEPT
iptables -P INPUT DROP
ip netns exec client ping -c 2 -i 0.2 10.0.0.1
iptables-save
iptables -vnL
iptables -L -v
iptables -D INPUT -i eth0 -p icmp -j ACCEPT
ip netns exec client ping -c 1 -W 1 10.0.0.1
iptables -vnL INPUT
iptables-save -c
