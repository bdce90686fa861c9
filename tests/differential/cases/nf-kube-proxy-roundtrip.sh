# The iptables-save dump of a kube-proxy node (examples/kube-proxy.rules, as the kernel printed
# it in nf-kube-proxy) loads with iptables-restore and saves back unchanged; listing it.
iptables-restore /work/main/tests/differential/data/kube-proxy.rules
iptables-save
iptables -t nat -S KUBE-SERVICES
iptables -t nat -L -n --line-numbers KUBE-SVC-TCOU7JCQXEZGVUNU
iptables -t nat -L KUBE-SVC-TCOU7JCQXEZGVUNU -n --line-numbers
iptables-restore --test /work/main/tests/differential/data/kube-proxy.rules
iptables-restore --noflush /work/main/tests/differential/data/kube-proxy.rules
iptables -t nat -L KUBE-NODEPORTS
