# ping 127.0.0.1 in a new namespace with lo down (no route at all), up, and down again
# (the local 127 routes survive lo down, so connect works but nothing comes back).
ip netns add ns1
ip netns exec ns1 ping -c 1 127.0.0.1
ip netns exec ns1 ip link set lo up
ip netns exec ns1 ping -c 1 127.0.0.1
ip netns exec ns1 ping -c 2 -i 0.2 127.1.2.3
ip netns exec ns1 ip link set lo down
ip netns exec ns1 ping -c 1 -W 1 127.0.0.1
ip netns exec ns1 ip link set lo up
ip netns exec ns1 ping -c 1 127.0.0.1
