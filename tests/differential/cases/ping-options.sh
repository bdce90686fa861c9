# ping's options: -I (device and strict source), -p, -O, -D, -a, -v, -f, -i 0, -Q, -M, -n, names from
# /etc/hosts, the resolver failing, oversized requests (silent above 64 KiB, local error above
# IP's maximum), and their errors. (-R, IP options, and fragmentation are not modelled.)
ip netns add a
ip netns add b
ip link add va netns a type veth peer name vb netns b
ip -n a addr add 10.1.1.1/24 dev va
ip -n b addr add 10.1.1.2/24 dev vb
ip -n a link set va up
ip -n b link set vb up
ip -n a link set lo up
ip netns exec a ping -c 3 -i 0.2 -s 1000 10.1.1.2
ip netns exec a ping -c 2 -i 0.2 -t 1 10.1.1.2
ip netns exec a ping -c 1 -I va 10.1.1.2
ip netns exec a ping -c 1 -I 10.1.1.1 10.1.1.2
ip netns exec a ping -c 1 -n 10.1.1.2
ip netns exec a ping -c 2 -i 0.2 -O 10.1.1.3
ip netns exec a ping -w 1 -i 0.3 10.1.1.2
ip netns exec a ping -c 1 -W 2 10.1.1.3
ip netns exec a ping -c 1 -p ff 10.1.1.2
ip netns exec a ping -c 1 -Q 0x10 10.1.1.2
ip netns exec a ping -c 1 127.0.0.1
ip netns exec a ping -c 1 -D 10.1.1.2
ip netns exec a ping -c 2 -f 10.1.1.2
ip netns exec a ping -c 1 -a 10.1.1.2
ip netns exec a ping -c 1 -4 localhost
ip netns exec a ping -c 1 -v 10.1.1.2
ip netns exec a ping
ip netns exec a ping -c 0 10.1.1.2
ip netns exec a ping -c 1 -i 0.001 10.1.1.2
ip netns exec a ping -c 1 10.1.1.256
ip netns exec a ping -c 1 -I nope 10.1.1.2
ip netns exec a ping -c 1 -U 10.1.1.2
ip netns exec a ping -c 5 -f 10.1.1.2
ip netns exec a ping -c 3 -f -q 10.1.1.2
ip netns exec a ping -c 3 -i 0 10.1.1.2
ip netns exec a ping -c 3 -f -W 1 10.1.1.3
ip netns exec a ping -c 2 -q -O -i 0.2 10.1.1.3
ip netns exec a ping -c 1 -I 10.1.1.9 10.1.1.2
ip netns exec a ping -c 1 -I lo 10.1.1.2
ip netns exec a ping -c 1 -I va 127.0.0.1
ip netns exec a ping -c 1 -p abc 10.1.1.2
ip netns exec a ping -c 1 -p 12xy 10.1.1.2
ip netns exec a ping -c 1 -p 0102030405060708090a0b0c0d0e0f101112 -s 40 10.1.1.2
ip netns exec a ping -c 1 -Q bad 10.1.1.2
ip netns exec a ping -c 1 -Q 300 10.1.1.2
ip netns exec a ping -c 1 -Q 0x10 -v 10.1.1.2
ip netns exec a ping -c 2 -D -O -i 0.2 10.1.1.3
ip netns exec a ping -c 1 -s 65507 127.0.0.1
ip netns exec a ping -c 1 -s 65508 127.0.0.1
ip netns exec a ping -c 1 -s 65528 127.0.0.1
ip netns exec a ping -c 1 vm
ip netns exec a ping -c 1 10.1
ip netns exec a ping -c 1 -a -q 10.1.1.2
ip netns exec a ping -c 1 -M maybe 10.1.1.2
ip netns exec a ping -c 1 -s 70000 10.1.1.2
