# ip route add/prepend/append/change/replace and the show filters: the kernel's list order
# (prefix, then metric, then list position), what iproute2 prints and what a filter hides.
ip link add veth0 type veth peer name veth1
ip link add veth2 type veth peer name veth3
ip addr add 10.0.0.1/24 dev veth0
ip addr add 10.0.1.1/24 dev veth2
ip link set veth0 up
ip link set veth1 up
ip link set veth2 up
ip link set veth3 up
ip route add 10.8.0.0/16 via 10.0.0.2
ip route add 10.8.0.0/16 via 10.0.0.3 metric 10
ip route prepend 10.8.0.0/16 via 10.0.1.2
ip route append 10.8.0.0/16 via 10.0.1.3
ip route show 10.8.0.0/16
ip route change 10.8.0.0/16 via 10.0.1.9
ip route show 10.8.0.0/16
ip route replace 10.9.0.0/16 via 10.0.1.9
ip route replace 10.9.0.0/16 dev veth0
ip route add 10.10.0.0/16 via 10.0.0.2 proto static
ip route add 10.11.0.0/16 via 10.0.0.2 proto 99
ip route add 10.11.1.0/24 via 10.0.0.2 proto 250
ip route add 10.12.0.0/16 dev veth0 scope host
ip route add 10.13.0.0/16 via 10.0.0.2 src 10.0.1.1
ip route add 10.15.0.0/16 via 10.0.0.2 table 100
ip route add 10.15.0.0/16 via 10.0.0.2 tos 0x10
ip route add 10.16.0.0/16 dev veth0 proto kernel
ip route add local 10.17.0.0/16 dev veth0
ip route add broadcast 10.18.0.1 dev veth0
ip route add blackhole default table 5
ip route add unreachable 10.19.0.0/16 metric 5
ip route add prohibit 10.20.0.0/16 proto static
ip route add throw 10.21.0.0/16
ip route add 10.22.0.0/16 via 10.0.0.2 metric 4294967295
ip route add default via 10.0.1.254
ip route add 192.168.7.7 via 10.0.1.254 onlink
ip route add 192.168.8.0/24 via 192.168.7.7 dev veth2 onlink
ip route
ip route list
ip -4 route show table all
ip route show table 100
ip route show table 5
ip route show table local
ip route show proto static
ip route show proto boot
ip route show proto all
ip route show scope link
ip route show scope host
ip route show scope global
ip route show type unreachable
ip route show type local table local
ip route show exact 10.8.0.0/16
ip route show root 10.8.0.0/15
ip route show match 10.8.1.1
ip route show 10.8.0.0
ip route show 10.8.0.0/16 table all
ip route show dev veth0
ip route show via 10.0.0.2
ip route show src 10.0.1.1
ip route show metric 10
ip route show tos 0x10
ip route show default
ip route show 0/0
ip route del 10.8.0.0/16
ip route del 10.8.0.0/16 via 10.0.1.3
ip route del 10.8.0.0/16 metric 10
ip route show 10.8.0.0/16
ip route del unreachable 10.19.0.0/16
ip route del 10.20.0.0/16
ip route delete 10.15.0.0/16 table 100
ip route del default
ip route del 10.15.0.0/16 tos 0x10
ip route del 10.11.0.0/16 proto 99
ip route del 10.22.0.0/16 dev veth0 via 10.0.0.2
ip route del local 10.17.0.0/16 dev veth0 table local
ip route show
