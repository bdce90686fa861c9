# Root qdiscs a device gets: none listed (noop) until first opened, then noqueue for veth and
# lo (handle 0:, refcnt 2); `ip link` shows the same kind; down again keeps noqueue.
ip link add veth0 type veth peer name veth1
tc qdisc show
tc qdisc show dev veth0
ip link show veth0
ip link set veth0 up
tc qdisc
tc qdisc show dev veth0
tc qdisc list dev lo
ip link set veth0 down
tc qdisc show dev veth0
ip link show veth0
tc -s qdisc show dev lo
tc qdisc show dev veth9
