# ss over inet_diag: a TCP listener with one connection (client port pinned with -p)
# and a UDP listener, IPv6 off. ss's columns are as wide as their widest field when
# stdout is not a terminal; Netid and State vanish when one table or one state is shown.
# PIDs are normalised (they count the runner's processes).
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
ip netns exec ns2 ss -tanp
ip netns exec ns2 ss -tlnp
ip netns exec ns2 ss -tln
ip netns exec ns2 ss -tn
ip netns exec ns2 ss -ta
ip netns exec ns2 ss -tar
ip netns exec ns2 ss -uan
ip netns exec ns2 ss -ua
ip netns exec ns2 ss -ulnp
ip netns exec ns2 ss -tuan
ip netns exec ns2 ss -tuanp
ip netns exec ns2 ss -lntu
ip netns exec ns2 ss -Htan
ip netns exec ns2 ss -Otan
ip netns exec ns2 ss -tano
ip netns exec ns2 ss -t
ip netns exec ns2 ss
ip netns exec ns1 ss -tnp
ip netns exec ns1 ss -4tn
ip netns exec ns1 ss -6tn
ip netns exec ns1 ss -w
ip netns exec ns1 ss -wa
ip netns exec ns1 ss -x
ip netns exec ns1 ss -xa
ip netns exec ns1 ss -tn -N ns2
ip netns exec ns1 ss -V
ip netns exec ns1 ss -N nsX
