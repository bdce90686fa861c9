# ip route get: output lookups (src chosen, from, oif, mark), input lookups (iif), the
# local/broadcast cache flags, and the errors of the route types.
ip link add veth0 type veth peer name veth1
ip link add veth2 type veth peer name veth3
ip addr add 10.0.0.1/24 dev veth0
ip addr add 10.0.1.1/24 dev veth2
ip addr add 10.0.1.100/24 dev veth2
ip link set veth0 up
ip link set veth1 up
ip link set veth2 up
ip link set veth3 up
ip route add 10.8.0.0/16 via 10.0.1.3
ip route add 10.8.1.0/24 via 10.0.0.2
ip route add 10.8.1.128/25 dev veth2
ip route add 10.7.0.0/16 via 10.0.1.3 metric 100
ip route add 10.7.0.0/16 via 10.0.0.2 metric 50
ip route add 10.6.0.0/16 via 10.0.0.2 src 10.0.1.100
ip route add blackhole 10.9.1.0/24
ip route add unreachable 10.9.2.0/24
ip route add prohibit 10.9.3.0/24
ip route add throw 10.9.4.0/24
ip route get 10.8.2.3
ip route get 10.8.1.5
ip route get 10.8.1.200
ip route get 10.7.1.1
ip route get 10.6.1.1
ip route get 10.9.1.1
ip route get 10.9.2.1
ip route get 10.9.3.1
ip route get 10.9.4.1
ip route get 10.5.5.5
ip route get 10.0.1.3
ip route get 10.0.1.100
ip route get 10.0.0.1
ip route get 127.0.0.1
ip route get 127.1.2.3
ip route get 10.0.1.255
ip route get 10.0.0.0
ip route get 0.0.0.0
ip route get 255.255.255.255
ip route get 224.0.0.1
ip route get to 10.8.2.3
ip route get 10.8.2.3/24
ip route get 10.8.2.3 from 10.0.0.1
ip route get 10.8.2.3 from 10.0.0.99
ip route get 10.8.2.3 oif veth0
ip route get 10.8.2.3 dev veth2
ip route get 10.8.2.3 mark 5
ip route get 10.8.2.3 mark 0x20
ip route get 10.8.2.3 tos 0x10
ip route get 10.8.2.3 uid 7
ip route get fibmatch 10.8.1.5
ip route get fibmatch 10.0.0.1
ip route get fibmatch 10.9.2.1
ip route get 10.0.1.3 iif veth1
ip route get 10.0.1.3 from 10.0.0.9 iif veth1
ip route get 10.0.1.1 from 10.0.0.9 iif veth1
ip route get 10.0.0.255 from 10.0.0.9 iif veth1
ip route get 127.0.0.1 from 10.0.0.9 iif veth1
ip route get 10.0.1.3 from 10.0.0.1 iif veth1
sysctl -w net.ipv4.ip_forward=1
ip route get 10.0.1.3 from 10.0.0.9 iif veth1
ip route get 10.8.2.3 from 10.0.0.9 iif veth1
ip route get 10.8.2.3 from 10.0.0.9 iif veth1 mark 0x10
ip route get 10.9.1.1 from 10.0.0.9 iif veth1
ip route get 10.9.2.1 from 10.0.0.9 iif veth1
ip route get 10.9.3.1 from 10.0.0.9 iif veth1
ip route get 10.9.4.1 from 10.0.0.9 iif veth1
ip route get 10.5.5.5 from 10.0.0.9 iif veth1
ip route get 10.0.1.1 from 10.0.0.9 iif veth1
