# Policy routing at work: rules choose the table by source, input device, mark and
# destination; a rule naming an empty table falls through; throw leaves a table; rule
# actions answer with their errors; ip route get shows the table the answer came from.
ip link add veth0 type veth peer name veth1
ip link add veth2 type veth peer name veth3
ip addr add 10.0.0.2/24 dev veth0
ip addr add 10.0.1.2/24 dev veth2
ip link set veth0 up
ip link set veth1 up
ip link set veth2 up
ip link set veth3 up
sysctl -w net.ipv4.ip_forward=1
ip route add default via 10.0.1.3
ip rule add from 10.0.0.0/24 table 100
ip rule add fwmark 0x4000/0x4000 table 200 priority 1000
ip rule add to 10.50.0.0/16 lookup main priority 500
ip rule add iif veth1 table 300
ip rule add to 10.60.0.0/16 prohibit pref 400
ip rule add to 10.61.0.0/16 unreachable pref 401
ip rule add to 10.62.0.0/16 blackhole pref 402
ip rule add to 10.63.0.0/16 goto 32766 pref 403
ip route add 10.77.0.0/16 via 10.0.1.3 table 100
ip route add throw 10.78.0.0/16 table 100
ip route add default via 10.0.0.1 table 200
ip route add 10.50.0.0/16 via 10.0.0.1 table 100
ip rule
ip route show table 100
ip route show table 200
ip -4 route show table all
ip route get 10.77.1.1 from 10.0.0.1 iif veth1
ip route get 10.77.1.1
ip route get 10.77.1.1 from 10.0.0.2
ip route get 10.78.1.1 from 10.0.0.2
ip route get 11.1.1.1 mark 0x4000
ip route get 11.1.1.1 mark 0x4001
ip route get 11.1.1.1 mark 0x8000
ip route get 10.99.1.1 from 10.0.0.1 iif veth1
ip route get 10.50.1.1 from 10.0.0.1 iif veth1
ip route get 10.60.1.1
ip route get 10.61.1.1
ip route get 10.62.1.1
ip route get 10.63.1.1
ip route get 10.60.1.1 from 10.0.0.1 iif veth1
ip route get 10.61.1.1 from 10.0.0.1 iif veth1
ip route get 10.0.0.2
ip rule del pref 0
ip route get 10.0.0.2
ip route get 10.0.0.7
ip rule add pref 0 lookup local
ip route get 10.0.0.2
