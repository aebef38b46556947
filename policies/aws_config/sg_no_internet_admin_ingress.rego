# METADATA
# title: Security groups do not open admin or database ports to the internet
# description: An AWS::EC2::SecurityGroup has no ipPermissions entry from 0.0.0.0/0 or ::/0 (ipv4Ranges[].cidrIp, older ipRanges[], ipv6Ranges[].cidrIpv6) that reaches an admin or database port (admin_ports, default 22, 3389, 5432, 3306, 1433, 6443, 8888) or all protocols.
# custom:
#   id: CFG-SG-NO-INTERNET-ADMIN-INGRESS
#   severity: high
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.308(a)(3)(i)", "hipaa:164.308(a)(4)(i)", "hipaa:164.312(a)(1)", "hipaa:164.312(e)(1)", "gxp-part11:11.10(d)", "gxp-part11:11.10(g)", "gxp-part11:11.10(k)", "gxp-annex11:12.1"]
#   remediation: Revoke the rule (aws ec2 revoke-security-group-ingress) and allow only corporate CIDRs or source security groups; use SSM Session Manager or a VPN for administration.
#   kinds: [aws-config]
package evident.checks.aws_config.sg_no_internet_admin_ingress

import data.evident.lib.aws_config as cfg
import data.evident.lib.terraform as tf

world := {"0.0.0.0/0", "::/0"}

# [index, cidr, protocol, from, to] of every permission open to the internet.
open contains [i, cidr, lower(sprintf("%v", [cfg.field(p, "ipProtocol")])), object.get(p, "fromPort", -1), object.get(p, "toPort", -1)] if {
	cfg.resource_type == "AWS::EC2::SecurityGroup"
	some i, p in cfg.as_array(cfg.conf(["ipPermissions"]))
	some cidr in cidrs(p)
	cidr in world
}

cidrs(p) := {c | some r in cfg.as_array(cfg.field(p, "ipRanges")); c := range_cidr(r)} | {c |
	some r in cfg.as_array(cfg.field(p, "ipv4Ranges"))
	c := cfg.field(r, "cidrIp")
} | {c |
	some r in cfg.as_array(cfg.field(p, "ipv6Ranges"))
	c := cfg.field(r, "cidrIpv6")
}

range_cidr(r) := r if is_string(r)

range_cidr(r) := cfg.field(r, "cidrIp") if is_object(r)

violation contains {
	"msg": sprintf("security group %q allows all traffic from %s; restrict the source", [cfg.name, cidr]),
	"path": sprintf("configuration.ipPermissions[%d]", [i]),
} if {
	some [i, cidr, proto, _, _] in open
	proto in {"-1", "all"}
}

violation contains {
	"msg": sprintf("security group %q opens admin/database port(s) %v (%s %d-%d) to %s; restrict the source to known CIDRs or security groups", [cfg.name, ports, proto, from, to, cidr]),
	"path": sprintf("configuration.ipPermissions[%d]", [i]),
} if {
	some [i, cidr, proto, from, to] in open
	proto in {"tcp", "udp", "6", "17"}
	ports := [port | some port in tf.admin_ports; from <= port; port <= to]
	count(ports) > 0
}
