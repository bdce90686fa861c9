# -m statistic --mode nth (a shared counter: packet 0 of every 3) and -m limit (a burst of 2,
# then 1 per second) counted on ping traffic.
iptables -A OUTPUT -p icmp --icmp-type echo-request -m statistic --mode nth --every 3 --packet 0 -m comment --comment nth3
iptables -A OUTPUT -p icmp --icmp-type echo-request -m statistic --mode nth --every 2 --packet 1 -m comment --comment nth2p1
iptables -A OUTPUT -p icmp --icmp-type echo-request -m limit --limit 1/sec --limit-burst 2 -j ACCEPT
iptables -A OUTPUT -p icmp --icmp-type echo-request -m comment --comment "over the limit"
ping -c 7 -i 0.2 -q -e 5 127.0.0.1
iptables -vnL OUTPUT
iptables -L OUTPUT
