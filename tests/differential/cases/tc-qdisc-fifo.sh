# tc qdisc add/change/replace/del at the root, with explicit handles (automatic handles come
# from a counter global to the machine), checked against the kernel's sch_api rules.
ip link add veth0 type veth peer name veth1
ip link set veth0 up
tc qdisc change dev veth0 root pfifo
tc qdisc del dev veth0 root
tc qdisc add dev veth0 root handle 1: pfifo
tc qdisc show dev veth0
ip link show veth0
tc qdisc add dev veth0 root handle 1: pfifo
tc qdisc add dev veth0 root pfifo limit 50
tc qdisc change dev veth0 root pfifo limit 50
tc qdisc show
tc qdisc add dev veth0 root handle 2: pfifo
tc qdisc change dev veth0 root handle 1: bfifo
tc qdisc replace dev veth0 root handle 2: bfifo limit 3000
tc qdisc show dev veth0
tc qdisc replace dev veth0 root bfifo limit 64kb
tc qdisc show dev veth0
tc qdisc del dev veth0 root handle 3:
tc qdisc del dev veth0 root pfifo
tc -s qdisc show dev veth0
tc qdisc del dev veth0 root bfifo
tc qdisc show dev veth0
tc qdisc del dev veth0 root
ip link set veth0 down
tc qdisc replace dev veth0 root handle 5: bfifo
tc qdisc show dev veth0
tc qdisc del dev veth0 root handle 5:
tc qdisc show dev veth0
ip link show veth0
tc qdisc del dev veth0 root
tc qdisc add dev lo root handle 9: pfifo limit 10
tc qdisc show dev lo
tc qdisc add dev veth0 handle 7: pfifo
tc qdisc show dev veth0
tc qdisc change dev veth0 handle 7: pfifo limit 3
tc qdisc show dev veth0
ip link set veth0 up
tc qdisc show dev veth0
