# -S -v: counters of policies and rules (-c before the target), -V, -L -n -x without -v.
iptables -P INPUT DROP
iptables -A INPUT -c 5 6 -s 1.2.3.4 -j ACCEPT
iptables -N X
iptables -S -v
iptables -S INPUT -v
iptables -V
iptables -L -n -x
