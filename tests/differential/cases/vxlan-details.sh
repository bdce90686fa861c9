# ip -d link for VXLAN devices (vxlan_print_opt over what vxlan_fill_info sends), text and
# JSON: defaults, every printable option, a lower device (MTU = its MTU - 50, its TSO limit),
# the MTU clamp and vxlan_change_mtu's refusal above the lower device's MTU minus 50.
ip link add veth0 type veth peer name veth1
ip link add vx0 type vxlan id 42 dstport 4789
ip -d link show vx0
ip -j -d link show vx0
ip link add vx1 type vxlan id 1 ttl inherit tos inherit srcport 1000 2000 ageing 0 maxaddress 10 noudpcsum proxy l2miss l3miss rsc dstport 4789 df set
ip -d link show vx1
ip -j -d link show vx1
ip link add vx2 type vxlan id 2 ttl 10 tos 0x10 ageing none dstport 0 df inherit remote 10.1.2.3 local 10.1.2.4 udp6zerocsumtx remcsumtx remcsumrx
ip -d link show vx2
ip -j -d link show vx2
ip link add vx3 mtu 9000 type vxlan id 3 dstport 4789
ip link add vx4 mtu 9000 type vxlan id 4 dstport 4789 dev veth0
ip link add vx5 type vxlan id 5 dstport 4789 dev veth0 group 239.1.1.1 ttl 1
ip link add vx6 type vxlan id 6 dstport 4789 dev veth0 remote 10.0.0.9 nolearning ageing 20
ip link show
ip -d link show vx4
ip -d link show vx5
ip -j -d link show vx6
ip -d link show type vxlan
ip link set vx4 mtu 1450
ip link set vx4 mtu 1451
ip link set vx3 mtu 65535
ip link set veth0 mtu 1400
ip link show vx4
ip link set vx4 mtu 1351
ip link set vx4 mtu 1350
ip link show vx4
ip link set vx0 up
ip -d link show vx0
ip link set vx0 address 02:11:22:33:44:55
ip link show vx0
ip link del veth1
ip link show
