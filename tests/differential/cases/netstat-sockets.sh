# netstat's socket tables over /proc/net/tcp, udp and raw: a TCP listener with one
# connection (the client pins its port with -p, the kernel would pick a random one) and
# a UDP listener, in namespaces without IPv6 (no MLD/DAD noise). One socket of each kind
# per namespace and state: the kernel lists several in hash order (random).
# PIDs are normalised (they count the runner's processes); -e's inodes too.
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
ip netns exec ns2 setsid -f nc -u -l 5353
sleep 0.5
ip netns exec ns1 setsid -f nc -p 40000 10.0.0.2 8080
sleep 0.5
ip netns exec ns2 netstat -tulnp
ip netns exec ns2 netstat -tuanp
ip netns exec ns2 netstat --tcp --udp --all --numeric --programs
ip netns exec ns1 netstat -tan
ip netns exec ns1 netstat -tn4
ip netns exec ns2 netstat -ta
ip netns exec ns2 netstat -ua
ip netns exec ns2 netstat -tl
ip netns exec ns2 netstat -tanepo
ip netns exec ns2 netstat -tanee
ip netns exec ns2 netstat -tano
ip netns exec ns2 netstat -tanW
ip netns exec ns2 netstat
ip netns exec ns2 netstat -a -n
ip netns exec ns2 netstat -x
ip netns exec ns2 netstat -xp
ip netns exec ns2 netstat -wa
ip netns exec ns2 netstat -wan
ip netns exec ns2 netstat -A inet -n
ip netns exec ns2 netstat -A foo
ip netns exec ns2 netstat --inet6
ip netns exec ns2 netstat -6 -n
