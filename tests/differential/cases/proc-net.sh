# /proc/net/tcp, udp and raw as the kernel prints them (tcp lines padded to 149 columns,
# udp to 127), /proc/net/dev, over a listener, one connection and a UDP listener with
# IPv6 off. Inodes, kernel pointers and udp's hash bucket are normalised.
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
ip netns exec ns2 cat /proc/net/tcp
ip netns exec ns2 cat /proc/net/udp
ip netns exec ns2 cat /proc/net/raw
ip netns exec ns2 setsid -f nc -l 8080
ip netns exec ns2 setsid -f nc -u -l 5353
sleep 0.5
ip netns exec ns1 setsid -f nc -p 40000 10.0.0.2 8080
sleep 0.5
ip netns exec ns2 cat /proc/net/tcp
ip netns exec ns2 cat /proc/net/udp
ip netns exec ns1 cat /proc/net/tcp
ip netns exec ns1 cat /proc/net/udp
ip netns exec ns2 cat /proc/net/dev
