# Merged tcp matches list as one, but the rule still evaluates every match given (--dport 80 with
# --dport 81 lists as --dport 81 and matches nothing): counters after connection attempts on lo.
iptables -A OUTPUT -p tcp -m tcp --dport 80 -m tcp --dport 81 -j REJECT --reject-with tcp-reset
iptables -A OUTPUT -p tcp -m tcp --sport 5555 -m tcp --dport 82 -j REJECT --reject-with tcp-reset
iptables -S OUTPUT
nc -z -w 1 -p 5555 127.0.0.1 81
nc -z -w 1 -p 5555 127.0.0.1 82
iptables -L OUTPUT -v -n
