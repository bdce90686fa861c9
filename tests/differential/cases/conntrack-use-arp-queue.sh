# conntrack -L shows use=2 while the flow's packet waits in the neighbour's queue for ARP (the
# skb holds a reference, skb->_nfct), use=1 once ARP failed and the queue was dropped.
ip link add veth0 type veth peer name veth1
ip addr add 10.0.0.1/24 dev veth0
ip link set veth0 up
ip link set veth1 up
iptables -A OUTPUT -m conntrack --ctstate NEW
ping -c 1 -W 1 -e 9 10.0.0.9
conntrack -L
sleep 3
conntrack -L
