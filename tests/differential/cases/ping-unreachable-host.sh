# ping an absent on-link host: ARP gets no answer (3 requests, 1 s apart), the
# neighbour entry FAILS at ~3 s and every queued packet gets a local ICMP host unreachable.
ip netns add ns1
ip netns add ns2
ip link add veth0 netns ns1 type veth peer name veth1 netns ns2
ip netns exec ns1 ip link set lo up
ip netns exec ns2 ip link set lo up
ip netns exec ns1 ip addr add 10.0.0.1/24 dev veth0
ip netns exec ns2 ip addr add 10.0.0.2/24 dev veth1
ip netns exec ns1 ip link set veth0 up
ip netns exec ns2 ip link set veth1 up
ip netns exec ns1 ping -c 1 -W 5 10.0.0.8
# (only ever one entry per table is listed: several entries come out in hash order)
ip netns exec ns1 ip neigh show
ip netns exec ns1 ping -c 3 -W 5 10.0.0.7
# -W 1 gives up before the ARP failure: plain loss, no error line
ip netns exec ns1 ping -c 1 -W 1 10.0.0.9
