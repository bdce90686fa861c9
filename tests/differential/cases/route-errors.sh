# What ip route add/del/change/show/flush/get answer to bad requests, and their exit statuses.
ip link add veth0 type veth peer name veth1
ip link add veth2 type veth peer name veth3
ip addr add 10.0.0.1/24 dev veth0
ip addr add 10.0.1.1/24 dev veth2
ip link set veth0 up
ip link set veth1 up
ip link set veth2 up
ip route add 10.8.0.0/16 via 10.0.0.2
ip route add 10.8.0.0/16 via 10.0.0.3
ip route add 10.8.0.0/16 via 10.0.0.2 metric 0
ip route append 10.8.0.0/16 via 10.0.0.2
ip route prepend 10.8.0.0/16 via 10.0.0.2
ip route change 10.9.0.0/16 via 10.0.1.9
ip route add 10.14.0.0/16 via 10.0.0.2 src 10.0.9.9
ip route add 10.20.0.0/16 via 10.99.0.1
ip route add 10.20.0.0/16 via 10.99.0.1 onlink
ip route add 10.20.0.0/16 via 10.0.0.1
ip route add 10.20.0.0/16 via 10.0.0.255
ip route add 10.20.0.0/16 via 10.0.1.3 dev veth0
ip route add 10.20.0.0/16 via 10.0.1.3 dev veth2 scope link
ip route add 10.20.0.0/16 dev veth2 onlink
ip route add 10.21.0.0/16 dev veth3
ip route add 10.22.0.0/16 dev nosuchdev
ip route add unreachable 10.23.0.0/16 via 10.0.0.2
ip route add blackhole 10.23.0.0/16 dev veth0
ip route add nat 10.23.0.0/16 via 10.0.0.2
ip route add 10.24.0.0/16
ip route add 10.24.0.1/16 via 10.0.0.2
ip route add 10.24.0.0/33 via 10.0.0.2
ip route add 10.24.0.300/16 via 10.0.0.2
ip route add via 10.0.0.2
ip route add 10.24.0.0/16 via
ip route add 10.24.0.0/16 via 10.0.0.2 table nosuch
ip route add 10.24.0.0/16 via 10.0.0.2 metric -1
ip route add 10.24.0.0/16 via 10.0.0.2 proto nosuch
ip route add 10.24.0.0/16 via 10.0.0.2 scope nosuch
ip route add 10.24.0.0/16 via 10.0.0.2 tos 0x11
ip route add 10.24.0.0/16 via 10.0.0.2 tos zz
ip route add 10.24.0.0/16 via 10.0.0.2 via 10.0.0.3
ip route add 10.24.0.0/16 10.25.0.0/16
ip route add 10.24.0.0/16 via 10.0.0.2 scope host
ip route add 10.24.0.0/16 dev veth0 scope host via 10.0.0.2
ip route del 10.23.0.0/16
ip route del 10.23.0.0/16 table 77
ip route del 10.8.0.0/16 via 10.0.0.9
ip route del 10.8.0.0/16 dev veth2
ip route del 10.8.0.0/16 metric 7
ip route del blackhole 10.8.0.0/16
ip route del 10.8.0.0/16 proto static
ip route del 10.8.0.0/16 scope link
ip route del 10.8.0.0/16 table local
ip route show table 77
ip route show table nosuch
ip route show dev nosuchdev
ip route show type nosuch
ip route show scope nosuch
ip route show proto nosuch
ip route flush
ip route flush table 77
ip route get
ip route get 10.0.0.7 iif nosuch
ip route get nosuch
ip route frobnicate
ip route show
