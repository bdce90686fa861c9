# A veth whose peer has a smaller MTU drops the frame (veth_xmit → __dev_forward_skb2 →
# is_skb_forwardable): a tx drop here, an rx drop at the peer, and NET_XMIT_DROP makes sendmsg
# fail with ENOBUFS. ping retries the same request an interval later while
# oom_count · min(interval/2, 500 ms) < linger, then prints "sendmsg: No buffer space available"
# (-W 1: 2 attempts; -W 1 -i 0.4: 5 attempts, 1600 ms).
sysctl -w net.ipv6.conf.all.disable_ipv6=1
sysctl -w net.ipv6.conf.default.disable_ipv6=1
ip netns add ns1
ip netns exec ns1 sysctl -w net.ipv6.conf.all.disable_ipv6=1
ip netns exec ns1 sysctl -w net.ipv6.conf.default.disable_ipv6=1
ip link add v0 mtu 2000 type veth peer name v1 netns ns1
ip addr add 10.0.0.1/24 dev v0
ip -n ns1 addr add 10.0.0.2/24 dev v1
ip link set v0 up
ip -n ns1 link set v1 up
sleep 1
ping -c 1 -W 1 10.0.0.2
ping -c 1 -W 1 -s 1800 10.0.0.2
ping -c 1 -W 1 -i 0.4 -s 1800 -M do 10.0.0.2
ip -s link show v0
ip -n ns1 -s link show v1
