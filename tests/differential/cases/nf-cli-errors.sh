# iptables command-line errors and counters: -C/-D RULE-SPEC on a missing chain, rule numbers (xs_has_arg, base 0),
# -N clashing with a target name, -E of a built-in chain not created yet, -c forms (sscanf %llu, -1 wraps),
# exact u64 counters in -S -v, -L -v (K/M/G/T in u64 arithmetic), -x and iptables-save -c.
iptables -N ACCEPT
iptables -N DNAT
iptables -N standard
iptables -N NAT
iptables -N mark
iptables -N X
iptables -E X ACCEPT
iptables -E ACCEPT INPUT
iptables -E GONE INPUT
iptables -E GONE NEW
iptables -E INPUT Z
iptables -E FORWARD X
iptables -C NOPE -j DROP
iptables -D NOPE -j DROP
iptables -D NOPE 1
iptables -I NOPE -j DROP
iptables -R NOPE 1 -j DROP
iptables -D INPUT abc
iptables -I INPUT abc -j DROP
iptables -I INPUT 0x1 -j DROP
iptables -D INPUT 0
iptables -D INPUT 010
iptables -A INPUT -o + -s 1.2.3.4 -j DROP
iptables -S
iptables -A INPUT -c 5 -j ACCEPT
iptables -A INPUT -c a b -j ACCEPT
iptables -A INPUT -c 1 b -j ACCEPT
iptables -A INPUT -c -1 2 -j ACCEPT
iptables -A INPUT -c 7,8 -j ACCEPT
iptables -A INPUT -c 99999999999999999999999 12abc -j ACCEPT
iptables -A INPUT -c 18446744073709551615 1099511627776 -j ACCEPT
iptables -A INPUT -c 999 99999 -j ACCEPT
iptables -A INPUT -c 100000 100000 -j ACCEPT
iptables -A INPUT -c 123456789 9876543210 -j ACCEPT
iptables -A INPUT -c 9999499999 9999500000 -j ACCEPT
iptables -A INPUT -c 18446744073709551000 18446744073709551115 -j ACCEPT
iptables -S INPUT -v
iptables -L INPUT -v -n
iptables -L INPUT -v -n -x
iptables -L INPUT -v
iptables-save -c
iptables -Z INPUT 1
iptables -S INPUT 1 -v
