# Path MTU discovery through a router whose egress link has MTU 1400. The first 1500-byte DF
# request gets "Frag needed and DF set (mtu = 1400)" from the router (ip_forward); the sender
# records a next-hop exception (__ip_rt_update_pmtu) that the next route lookup binds:
# `ip route get` shows it with its expiry (mtu_expires, 600 s), `ip route show cache` lists it
# once bound. Later requests of the same size leave as fragments of 1400 (-M want), -M do
# fails locally at 1400. `ip route flush cache` resets the exception (it stays listed after the
# next lookup binds it, without MTU). Below min_pmtu (552) the MTU is locked at 552: DF is no
# longer set by -M want. An expired exception is deleted by the next lookup.
ip netns add a
ip netns add r
ip netns add b
ip link add eth0 netns a type veth peer name ra netns r
ip link add rb netns r type veth peer name eth0 netns b
ip -n a addr add 10.0.1.1/24 dev eth0
ip -n r addr add 10.0.1.254/24 dev ra
ip -n r addr add 10.0.2.254/24 dev rb
ip -n b addr add 10.0.2.2/24 dev eth0
ip -n r link set rb mtu 1400
ip -n b link set eth0 mtu 1400
ip -n a link set eth0 up
ip -n r link set ra up
ip -n r link set rb up
ip -n b link set eth0 up
ip -n a route add default via 10.0.1.254
ip -n b route add default via 10.0.2.254
ip netns exec r sysctl -w net.ipv4.ip_forward=1
ip -n a route get 10.0.2.2
ip netns exec a ping -c 1 -s 1472 10.0.2.2
ip -n a route show cache
# (time passes so that the expiry printed is not on a second boundary)
sleep 0.5
ip -n a route get 10.0.2.2
ip -n a route show cache
ip -n a -j route get 10.0.2.2
ip -n a -d route get 10.0.2.2
ip -n a route list table cache
ip netns exec a ping -c 2 -i 0.2 -s 1472 10.0.2.2
ip netns exec a ping -c 1 -s 1472 -M do 10.0.2.2
ip netns exec a ping -c 1 -s 1372 -M do 10.0.2.2
ip netns exec a ping -c 1 -s 1472 -M dont 10.0.2.2
ip -n a route flush cache
ip -n a route show cache
ip -n a route get 10.0.2.2
ip -n a route show cache
ip -n a -j route show cache
ip netns exec a ping -c 1 -s 1472 -M do 10.0.2.2
# min_pmtu: the router's next link shrinks to 500
ip netns exec a sysctl net.ipv4.route.min_pmtu net.ipv4.route.mtu_expires
ip netns exec a sysctl -w net.ipv4.route.min_pmtu=67
ip netns exec a sysctl -w net.ipv4.route.mtu_expires=3
ip -n a route flush cache
ip -n r link set rb mtu 500
ip netns exec a ping -c 1 -s 1000 -M do 10.0.2.2
sleep 0.5
ip -n a route get 10.0.2.2
ip netns exec a ping -c 1 -s 1000 -M do 10.0.2.2
ip netns exec a ping -c 1 -s 500 -M do 10.0.2.2
# (the local error kept ping one interval, 1 s: the exception has 1.5 s left)
ip -n a route get 10.0.2.2
sleep 3
ip -n a route show cache
ip -n a route get 10.0.2.2
ip -n a route show cache
ip netns exec a sysctl net.ipv4.route.flush
ip netns exec a sysctl -w net.ipv4.route.flush=1
