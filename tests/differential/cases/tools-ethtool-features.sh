# ethtool -k on veth, bridge (without and with ports: accecn TSO follows the ports) and lo; -K of
# independent features (tso, gso, gro, rx), a fixed feature (Actual changes, exit 1), unknown names and devices.
ip link add br0 type bridge
ip link add vb1 type veth peer name e1
ethtool -k br0
ip link set vb1 master br0
ethtool -K vb1 tso off gro on
ethtool -k br0
ethtool -k vb1
ethtool -K vb1 tso on gso off
ethtool -k vb1
ethtool -K vb1 rx off
ethtool -K vb1 gro off
ethtool -K lo tso off
ethtool -k lo
ethtool -K vb1 bogus off
ethtool -K vb1 tx-checksum-ipv4 on
ethtool -K nosuch gro on
ethtool -k nosuch
ethtool -K vb1 gro
