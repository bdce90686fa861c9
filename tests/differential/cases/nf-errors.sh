# iptables' error messages and exit statuses (parameter problems rc 2, missing chains rc 1,
# kernel refusals rc 4, unknown table rc 3).
iptables -t mangle -A PREROUTING -j REJECT
iptables-save
iptables -t nat -A PREROUTING -j DROP
iptables-save
iptables -L NOPE
iptables -A NOPE -j ACCEPT
iptables -A INPUT -j NOPE
iptables -A INPUT -s 300.1.1.1 -j ACCEPT
iptables -A INPUT -s 10.0.0.0/33 -j ACCEPT
iptables -A INPUT -p foo -j ACCEPT
iptables -A INPUT -p 300 -j ACCEPT
iptables -A INPUT --dport 80 -j ACCEPT
iptables -A INPUT -p tcp --dport 70000 -j ACCEPT
iptables -A INPUT -p tcp --dport foo -j ACCEPT
iptables -A INPUT -p tcp --dport ssh -j ACCEPT
iptables -A INPUT -m foo -j ACCEPT
iptables -A INPUT -x
iptables -D INPUT 1
iptables -D INPUT 5
iptables -D INPUT 0
iptables -D INPUT -j DROP
iptables -I INPUT 3 -j DROP
iptables -I INPUT 2 -j DROP
iptables -I INPUT 1 -j DROP
iptables -R INPUT 5 -j DROP
iptables -R INPUT 1 -j ACCEPT
iptables -N X
iptables -N X
iptables -N INPUT
iptables -X NOPE
iptables -X INPUT
iptables -A INPUT -j X
iptables -X X
iptables -F X
iptables -F NOPE
iptables -Z NOPE
iptables -P NOPE DROP
iptables -P INPUT FOO
iptables -P X DROP
iptables -E X Y
iptables -E NOPE Z
iptables -t foo -L
iptables -A
iptables -A INPUT -j
iptables
iptables -L INPUT 1
iptables -S INPUT 1
iptables -S INPUT 9
iptables -C INPUT -j ACCEPT
iptables -C INPUT -j DROP
iptables -N "a b"
iptables -N ab!c
iptables -N 012345678901234567890123456789
iptables -N 01234567890123456789012345678
iptables -N -x
iptables -S
iptables -A INPUT -j ACCEPT extra
iptables -A INPUT -p tcp --dport 5:3 -j ACCEPT
iptables -A INPUT -i verylonginterfacename0 -j ACCEPT
iptables -A FORWARD -m state --state FOO -j ACCEPT
iptables -A INPUT -m comment -j ACCEPT
iptables -A INPUT -m mark --mark zz -j ACCEPT
iptables -A INPUT -j MARK
iptables -A INPUT -p icmp --icmp-type foo -j ACCEPT
iptables -A INPUT -m multiport --dports 1,2 -j ACCEPT
iptables -A INPUT -m statistic --mode random --probability 2 -j ACCEPT
iptables -A INPUT -m limit --limit 5/week -j ACCEPT
iptables -A INPUT -m addrtype --dst-type FOO -j ACCEPT
iptables -A INPUT -m conntrack --ctstate FOO -j ACCEPT
iptables -t nat -A PREROUTING -j DNAT --to-destination 300.0.0.1
iptables -A INPUT -s 1.2.3.4 -s 5.6.7.8 -j ACCEPT
iptables -S
