# ip route flush with selectors: by prefix, table, device, protocol, type; and the kernel's
# own routes, which come back only with the addresses.
ip link add veth0 type veth peer name veth1
ip link add veth2 type veth peer name veth3
ip addr add 10.0.0.1/24 dev veth0
ip addr add 10.0.1.1/24 dev veth2
ip link set veth0 up
ip link set veth1 up
ip link set veth2 up
ip link set veth3 up
ip route add 10.8.0.0/16 via 10.0.0.2
ip route add 10.8.0.0/16 via 10.0.1.2 metric 5
ip route add 10.9.0.0/16 via 10.0.1.2 proto static
ip route add 10.9.1.0/24 via 10.0.1.2 proto static
ip route add unreachable 10.10.0.0/16
ip route add 10.11.0.0/16 via 10.0.0.2 table 100
ip route add 10.12.0.0/16 via 10.0.0.2 table 100
ip route flush 10.8.0.0/16
ip route show
ip route flush proto static
ip route show
ip route flush type unreachable
ip route flush table 100 10.11.0.0/16
ip route show table 100
ip route flush table 100
ip route show table 100
ip route add 10.8.0.0/16 via 10.0.0.2
ip route flush dev veth0
ip route show
ip route flush table main
ip route show
ip route show table local
ip route flush table local dev veth2
ip route show table local
ip route get 10.0.1.1
ip route flush root 127.0.0.0/8 table local
ip route show table local
ip addr add 10.0.2.1/24 dev veth2
ip route show
ip route show table local
