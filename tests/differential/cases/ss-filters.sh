# ss's state filters and filter expressions, over a listener and one connection in
# ns2 (IPv6 off; the client pins its port with -p).
ip netns add ns1
ip netns add ns2
ip netns exec ns1 sysctl -w net.ipv6.conf.all.disable_ipv6=1
ip netns exec ns2 sysctl -w net.ipv6.conf.all.disable_ipv6=1
ip link add veth0 netns ns1 type veth peer name veth1 netns ns2
ip netns exec ns1 ip link set lo up
ip netns exec ns2 ip link set lo up
ip netns exec ns1 ip addr add 10.0.0.1/24 dev veth0
ip netns exec ns2 ip addr add 10.0.0.2/24 dev veth1
ip netns exec ns1 ip link set veth0 up
ip netns exec ns2 ip link set veth1 up
ip netns exec ns2 setsid -f nc -l 8080
sleep 0.5
ip netns exec ns1 setsid -f nc -p 40000 10.0.0.2 8080
sleep 0.5
ip netns exec ns2 ss -tan state established
ip netns exec ns2 ss -tan state listening
ip netns exec ns2 ss -tn state listening
ip netns exec ns2 ss -t state all
ip netns exec ns2 ss -tn state connected
ip netns exec ns2 ss -tn state established state listening
ip netns exec ns2 ss -tan exclude listening
ip netns exec ns2 ss -tan excl established
ip netns exec ns2 ss -tan state time-wait
ip netns exec ns2 ss -tan state bogus
ip netns exec ns2 ss -tan state
ip netns exec ns2 ss -tan sport = :8080
ip netns exec ns2 ss -tan sport = :http-alt
ip netns exec ns2 ss -tan sport == 8080
ip netns exec ns2 ss -tan dport = :40000
ip netns exec ns2 ss -tan dport != :40000
ip netns exec ns2 ss -tan dport gt :30000
ip netns exec ns2 ss -tan dport lt :30000
ip netns exec ns2 ss -tan sport ge :8080
ip netns exec ns2 ss -tan sport le :8079
ip netns exec ns2 ss -tan dst 10.0.0.1
ip netns exec ns2 ss -tan dst 10.0.0.0/24
ip netns exec ns2 ss -tan dst 10.0.1.0/24
ip netns exec ns2 ss -tan src 10.0.0.2:8080
ip netns exec ns2 ss -tan src 0.0.0.0
ip netns exec ns2 ss -tan src '*:8080'
ip netns exec ns2 ss -tan not dst 10.0.0.1
ip netns exec ns2 ss -tan '( sport = :8080 or dport = :80 )'
ip netns exec ns2 ss -tan state established '( sport = :8080 or dport = :80 )'
ip netns exec ns2 ss -tan sport = :8080 and dport = :40000
ip netns exec ns2 ss -tan sport = :8080 dport = :40000
ip netns exec ns2 ss -tan dport = :99999
ip netns exec ns2 ss -tan dport = :nosuchservice
ip netns exec ns2 ss -tan dst foo
ip netns exec ns2 ss -tan sport =
ip netns exec ns2 ss -tan '( sport = :8080'
ip netns exec ns2 ss -tan autobound
ip netns exec ns1 ss -tan autobound
