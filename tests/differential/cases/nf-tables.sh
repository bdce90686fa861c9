# All five tables: their built-in chains as -L and -S show them before anything exists, what
# creates them, and the order iptables-nft-save prints them in (mangle, security, raw, filter,
# nat); the security table runs after nat INPUT; policies and save -t of a missing table.
iptables-save
iptables -t raw -vnL
iptables -t mangle -L
iptables -t nat -S
iptables -t security -vnL
iptables -t filter -S
iptables -t nat -N NATCHAIN
iptables -t filter -P FORWARD DROP
iptables -t raw -A OUTPUT -p icmp
iptables -t security -A OUTPUT -p icmp
iptables -t mangle -A OUTPUT -p icmp -j MARK --set-mark 7
iptables -t filter -A OUTPUT -p icmp -m mark --mark 7
ping -c 1 -e 3 127.0.0.1
iptables-save -c
iptables-save -t raw
iptables-save -t foo
iptables -t raw -P OUTPUT DROP
ping -c 1 -W 1 -e 4 127.0.0.1
iptables -t raw -vnL OUTPUT
iptables -t raw -F
iptables -t raw -X
iptables -t raw -P OUTPUT ACCEPT
iptables -t security -vnL OUTPUT
