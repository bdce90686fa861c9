# A node's rules as kube-proxy (iptables mode) and kubelet install them: canary chains and
# the base-chain jumps with iptables -N/-C/-I (EnsureChain/EnsureRule), then the bulk with
# iptables-restore --noflush of what proxier.go writes (kube-proxy's own spelling, which
# iptables canonicalises). Services: default/kubernetes:https (1 endpoint), kube-dns dns/udp
# and dns-tcp (2 endpoints), default/web:http with a NodePort (3 endpoints), default/empty:http
# without endpoints (REJECT in filter).
iptables -t mangle -N KUBE-PROXY-CANARY
iptables -t nat -N KUBE-PROXY-CANARY
iptables -t filter -N KUBE-PROXY-CANARY
iptables -t mangle -N KUBE-KUBELET-CANARY
iptables -t nat -N KUBE-KUBELET-CANARY
iptables -t filter -N KUBE-KUBELET-CANARY
iptables -N KUBE-FIREWALL
iptables -C INPUT -j KUBE-FIREWALL
iptables -I INPUT -j KUBE-FIREWALL
iptables -I OUTPUT -j KUBE-FIREWALL
iptables -N KUBE-EXTERNAL-SERVICES
iptables -I INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES
iptables -I FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES
iptables -N KUBE-NODEPORTS
iptables -I INPUT -m comment --comment "kubernetes health check service ports" -j KUBE-NODEPORTS
iptables -N KUBE-SERVICES
iptables -I FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
iptables -I OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
iptables -N KUBE-FORWARD
iptables -I FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD
iptables -N KUBE-PROXY-FIREWALL
iptables -I INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL
iptables -I OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL
iptables -I FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL
iptables -t nat -N KUBE-SERVICES
iptables -t nat -C OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
iptables -t nat -I OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
iptables -t nat -I PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
iptables -t nat -N KUBE-POSTROUTING
iptables -t nat -I POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
iptables-restore --noflush --counters /work/main/tests/differential/data/kube-proxy-input.rules
iptables-save
iptables -t nat -vnL KUBE-SVC-CDGGSHYLG3RE2FKL
iptables -t nat -L KUBE-SERVICES
iptables -L KUBE-SERVICES -n
