# ip route show table all also lists IPv6 (other tables list IPv4 only):
# the fe80::/64, ff00::/8 and, once DAD is done, local fe80::... routes.
ip netns add ns1
ip netns add ns2
ip link add veth0 netns ns1 type veth peer name veth1 netns ns2
ip netns exec ns1 ip link set lo up
ip netns exec ns1 ip addr add 10.0.0.1/24 dev veth0
ip netns exec ns1 ip route show table all
ip netns exec ns1 ip link set veth0 up
ip netns exec ns2 ip link set veth1 up
# right after carrier: link-local still tentative, no local fe80:: route yet
ip netns exec ns1 ip route show table all
sleep 3
ip netns exec ns1 ip route show table all
ip netns exec ns2 ip link set veth1 down
# let the linkwatch worker apply the carrier loss (see route-link-updown.sh)
sleep 1
ip netns exec ns1 ip route show table all
