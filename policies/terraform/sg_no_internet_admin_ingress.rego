# METADATA
# title: Security groups do not open admin or database ports to the internet
# description: |
#   No ingress from 0.0.0.0/0 or ::/0 reaches an admin or database port (admin_ports, default 22,
#   3389, 5432, 3306, 1433, 6443, 8888) or all ports/protocols, in aws_security_group inline ingress
#   blocks, aws_security_group_rule (type "ingress") or aws_vpc_security_group_ingress_rule.
# custom:
#   id: TF-SG-NO-INTERNET-ADMIN-INGRESS
#   severity: high
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.308(a)(3)(i)", "hipaa:164.308(a)(4)(i)", "hipaa:164.312(a)(1)", "hipaa:164.312(e)(1)", "gxp-part11:11.10(d)", "gxp-part11:11.10(g)", "gxp-part11:11.10(k)", "gxp-annex11:12.1"]
#   remediation: Restrict the rule's source to corporate CIDRs or a security group (source_security_group_id / referenced_security_group_id), and reach admin interfaces through SSM Session Manager, a VPN or a bastion instead of the internet.
#   kinds: [terraform]
package evident.checks.terraform.sg_no_internet_admin_ingress

import data.evident.lib.terraform as tf

world := {"0.0.0.0/0", "::/0"}

# [resource, path, cidr, protocol, from, to] of every ingress permission from the whole internet.
open_rules contains [r, sprintf("after.ingress[%d].%s", [i, attr]), cidr, lower(format(rule.protocol)), object.get(rule, "from_port", 0), object.get(rule, "to_port", 0)] if {
	some r in tf.by_type.aws_security_group
	some i, rule in tf.after(r).ingress
	some attr in ["cidr_blocks", "ipv6_cidr_blocks"]
	some cidr in rule[attr]
	cidr in world
}

open_rules contains [r, sprintf("after.%s", [attr]), cidr, lower(format(rule.protocol)), object.get(rule, "from_port", 0), object.get(rule, "to_port", 0)] if {
	some r in tf.by_type.aws_security_group_rule
	rule := tf.after(r)
	rule.type == "ingress"
	some attr in ["cidr_blocks", "ipv6_cidr_blocks"]
	some cidr in rule[attr]
	cidr in world
}

open_rules contains [r, sprintf("after.%s", [attr]), cidr, lower(format(rule.ip_protocol)), from_port, to_port] if {
	some r in tf.by_type.aws_vpc_security_group_ingress_rule
	rule := tf.after(r)
	some attr in ["cidr_ipv4", "cidr_ipv6"]
	cidr := rule[attr]
	cidr in world
	from_port := object.get(rule, "from_port", -1)
	to_port := object.get(rule, "to_port", -1)
}

format(p) := p if is_string(p)

format(p) := sprintf("%v", [p]) if not is_string(p)

all_protocols := {"-1", "all"}

port_protocols := {"tcp", "udp", "6", "17"}

violation contains {
	"msg": sprintf("%s allows all traffic from %s; restrict the source or the protocol", [r, cidr]),
	"resource": r,
	"path": path,
} if {
	some [r, path, cidr, proto, _, _] in open_rules
	proto in all_protocols
}

violation contains {
	"msg": sprintf("%s opens %s %v (%s %d-%d) to %s; restrict the source to known CIDRs or security groups", [r, noun(ports), ports, proto, from, to, cidr]),
	"resource": r,
	"path": path,
} if {
	some [r, path, cidr, proto, from, to] in open_rules
	proto in port_protocols
	ports := [port | some port in tf.admin_ports; from <= port; port <= to]
	count(ports) > 0
}

noun(ports) := "admin/database port" if count(ports) == 1

noun(ports) := "admin/database ports" if count(ports) > 1
