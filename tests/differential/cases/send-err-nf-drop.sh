# A netfilter DROP (or REJECT) in OUTPUT fails the sending syscall with EPERM (nf_hook_slow →
# ip_local_out → ip_send_skb → udp_send_skb / raw_sendmsg): nc -uv's first write fails, so no
# "succeeded" and the rule counts 1 packet, not 3; ping says nothing for a DROP (its error queue
# is empty) and, for a REJECT, prints the port unreachable already queued and then
# "sendmsg: Operation not permitted".
iptables -A OUTPUT -p udp --dport 9998 -j REJECT
iptables -A OUTPUT -p udp --dport 9997 -j DROP
iptables -A OUTPUT -p icmp -d 127.0.0.2 -j DROP
iptables -A OUTPUT -p icmp -d 127.0.0.3 -j REJECT
nc -uv -w 1 127.0.0.2 9998
nc -uv -w 1 127.0.0.2 9997
ping -c 2 -i 0.2 -W 1 -e 1 127.0.0.2
ping -c 1 -W 1 -e 2 127.0.0.3
iptables -vnL OUTPUT
