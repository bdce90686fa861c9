# ip addr: a peer gives the prefix length (10.5.0.1/24 peer 10.5.0.2 is a /32 with a host route,
# no broadcast); `change`/`chg` replace (and create); `flush` with filters (secondary, primary,
# label, to, -s rounds) and its errors; a flush also removes the IPv6 link-local and fe80::/64.
ip link add veth0 type veth peer name veth1
sysctl -w net.ipv6.conf.veth0.disable_ipv6=1
ip link set veth0 up
ip addr add 10.0.0.1/24 dev veth0
ip addr add 10.0.0.2/24 dev veth0
ip addr add 10.0.0.3/24 dev veth0
ip addr add 10.1.0.1/24 dev veth0 label veth0:1
ip addr add 10.5.0.1/24 peer 10.5.0.2 dev veth0
ip addr add 10.6.0.1 peer 10.6.1.0/24 dev veth0
ip addr add 10.7.0.1/24 dev veth0 metric 50
ip addr change 10.8.0.1/24 dev veth0 metric 70
ip addr chg 10.7.0.1/24 dev veth0 metric 50
ip addr show dev veth0
ip route show table all
route -n
ip addr flush dev veth0 secondary
ip -4 addr show dev veth0
ip addr flush
ip addr flush dev nosuch
ip addr flush dev veth0 label foo
ip addr flush dev veth0 label veth0:1
ip addr flush dev veth0 to 10.5.0.0/16
ip -s addr flush dev veth0 primary
ip -s addr flush dev veth0
ip addr show dev veth0
ip route show table all
ip addr add 10.0.0.1/24 dev veth0
ip addr add 10.0.0.2/24 dev veth0
ip -s addr flush dev veth0
ip link set veth1 up
ip -s -s -6 addr flush dev veth1
ip -6 route show table all
ip addr show dev veth1
