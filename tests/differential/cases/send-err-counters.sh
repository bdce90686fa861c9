# Failed sends in the counters: ip_send_skb (UDP, raw ping, ICMP) counts Ip OutDiscards for a
# send that netfilter dropped, udp_send_skb counts OutDatagrams only for sent ones; TCP's
# ip_queue_xmit counts nothing and its SYN is retransmitted as if sent (RetransSegs).
iptables -A OUTPUT -p udp --dport 9997 -j DROP
iptables -A OUTPUT -p icmp -d 127.0.0.2 -j DROP
iptables -A OUTPUT -p tcp --dport 9996 -j DROP
nc -uv -w 1 127.0.0.2 9997
ping -c 2 -i 0.2 -W 1 127.0.0.2
nc -v -w 2 127.0.0.1 9996
iptables -vnL OUTPUT
cat /proc/net/snmp
