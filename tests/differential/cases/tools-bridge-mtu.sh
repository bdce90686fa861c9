# A bridge's MTU follows its smallest port (br_mtu_auto_adjust) until set by hand (ip link set ... mtu:
# BROPT_MTU_SET_BY_USER); an MTU given at creation (ip link add br1 mtu 2000 type bridge) is not.
# (Fixed port MACs: the bridge takes the lowest, which random MACs would make vary.)
ip link add br0 type bridge
ip link show br0
ip link add vb1 mtu 1400 address 02:00:00:00:01:01 type veth peer name e1 address 02:00:00:00:02:01
ip link add vb2 mtu 9000 address 02:00:00:00:01:02 type veth peer name e2 address 02:00:00:00:02:02
ip link set vb1 master br0
ip link show br0
ip link set vb2 master br0
ip link show br0
ip link set vb1 mtu 1300
ip link show br0
ip link set vb1 mtu 9000
ip link show br0
ip link set br0 mtu 1500
ip link show br0
ip link show vb1
ip link set br0 mtu 9001
ip link set br0 mtu 67
ip link set vb1 mtu 1000
ip link show br0
ip link set vb1 nomaster
ip link show br0
ip link set vb2 nomaster
ip link show br0
ip link add br1 mtu 2000 type bridge
ip link show br1
ip link set vb1 master br1
ip link show br1
ip link set br1 mtu 65535
ip link set br1 mtu 65536
ip link show br1
ip link add br2 type bridge
ip link set br2 mtu 9000
ip link show br2
ip link set vb2 master br2
ip link show br2
ip link add vb3 mtu 65535 address 02:00:00:00:01:03 type veth peer name e3 address 02:00:00:00:02:03
ip link add br3 type bridge
ip link set vb3 master br3
ip link show br3
ip link set vb3 nomaster
ip link show br3
