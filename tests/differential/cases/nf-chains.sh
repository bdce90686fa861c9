# Which commands create a table (iptables-nft creates one on -P/-N/-A, not on -F/-Z/-X/-L),
# user chains sorted by name, references, -X refusals, -c counters, -Z of one rule, -E.
iptables -F
iptables-save
iptables -t nat -Z
iptables-save
iptables -t raw -X
iptables-save
iptables -t mangle -L
iptables-save
iptables -t security -P INPUT ACCEPT
iptables-save
iptables -N ZZZ
iptables -N AAA
iptables -N MMM
iptables -A MMM -j ACCEPT
iptables -A INPUT -j ZZZ
iptables -L
iptables -S
iptables -X MMM
iptables -X
iptables -S
iptables -A INPUT -c 10 20 -j ACCEPT
iptables -I INPUT -c 3 4 -j DROP
iptables -vxnL INPUT
iptables -Z INPUT 1
iptables -vxnL INPUT
iptables -L INPUT 5
iptables -Z INPUT 5
iptables -D INPUT -j ZZZ
iptables -E ZZZ YYY
iptables -X ZZZ
iptables -S
iptables -F INPUT
iptables -X
iptables-save -c
iptables-save -t nat
iptables-save -t foo
iptables -t nat -P PREROUTING DROP
iptables -P INPUT DROP
iptables -S INPUT
iptables -L -t filter INPUT
