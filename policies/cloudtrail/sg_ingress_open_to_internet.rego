# METADATA
# title: A security group was opened to the internet on a sensitive port
# description: |
#   A successful AuthorizeSecurityGroupIngress or ModifySecurityGroupRules whose rule allows
#   0.0.0.0/0 or ::/0 on all protocols or on a port range that covers one of admin_ports (SSH, RDP,
#   databases, the Kubernetes API, Jupyter; the same setting as the Terraform and AWS Config
#   security-group checks). Ports may be recorded as strings.
# custom:
#   id: CT-SG-INGRESS-OPEN-TO-INTERNET
#   severity: high
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.308(a)(3)(i)", "hipaa:164.308(a)(4)(i)", "hipaa:164.312(a)(1)", "hipaa:164.312(e)(1)", "gxp-part11:11.10(d)", "gxp-part11:11.10(g)", "gxp-annex11:12.1"]
#   remediation: "Revoke the rule (aws ec2 revoke-security-group-ingress) and allow the port only from known CIDRs, a VPN, or better no inbound at all with SSM Session Manager; front web services with a load balancer."
#   kinds: [cloudtrail]
package evident.checks.cloudtrail.sg_ingress_open_to_internet

import rego.v1

import data.evident.lib.cloudtrail as ct

violation contains {"msg": msg, "path": path} if {
	some r in ct.records
	ct.call(r, "ec2.amazonaws.com", {"AuthorizeSecurityGroupIngress"})
	p := ct.params(r)
	some i, perm in ct.as_list(p.ipPermissions.items)
	some open in _open_ranges(perm)
	cidr := open[0]
	field := open[1]
	exposed := _exposed(perm.ipProtocol, object.get(perm, "fromPort", -1), object.get(perm, "toPort", -1))
	path := sprintf("requestParameters.ipPermissions.items[%d].%s", [i, field])
	msg := sprintf("%s opened security group %q to %s on %s; revoke the rule and allow only known sources", [ct.describe(r), object.get(p, "groupId", object.get(p, "groupName", "?")), cidr, exposed])
}

violation contains {"msg": msg, "path": path} if {
	some r in ct.records
	ct.call(r, "ec2.amazonaws.com", {"ModifySecurityGroupRules"})
	req := ct.params(r).ModifySecurityGroupRulesRequest
	some i, entry in ct.as_list(req.SecurityGroupRule)
	rule := entry.SecurityGroupRule
	some field in ["CidrIpv4", "CidrIpv6"]
	cidr := rule[field]
	cidr in {"0.0.0.0/0", "::/0"}
	exposed := _exposed(rule.IpProtocol, object.get(rule, "FromPort", -1), object.get(rule, "ToPort", -1))
	path := sprintf("requestParameters.ModifySecurityGroupRulesRequest.SecurityGroupRule[%d].SecurityGroupRule", [i])
	msg := sprintf("%s changed a rule of security group %q to allow %s on %s; revoke it and allow only known sources", [ct.describe(r), object.get(req, "GroupId", "?"), cidr, exposed])
}

# CIDRs open to the internet in an ipPermissions item: [cidr, path within the item].
_open_ranges(perm) := {[cidr, path] |
	some j, range in ct.as_list(perm.ipRanges.items)
	cidr := range.cidrIp
	cidr == "0.0.0.0/0"
	path := sprintf("ipRanges.items[%d].cidrIp", [j])
} | {[cidr, path] |
	some j, range in ct.as_list(perm.ipv6Ranges.items)
	cidr := range.cidrIpv6
	cidr == "::/0"
	path := sprintf("ipv6Ranges.items[%d].cidrIpv6", [j])
}

# What a rule exposes, when it matters: all traffic, or the admin ports its range covers.
_exposed(protocol, _, _) := "all protocols and ports" if {
	sprintf("%v", [protocol]) in {"-1", "all"}
}

_exposed(protocol, from, to) := sprintf("%s port(s) %s", [lower(sprintf("%v", [protocol])), concat(", ", ports)]) if {
	not sprintf("%v", [protocol]) in {"-1", "all"}
	low := ct.number(from)
	high := ct.number(to)
	ports := [sprintf("%d", [port]) | some port in ct.admin_ports; _in_range(port, low, high)]
	count(ports) > 0
}

# fromPort/toPort -1 (ICMP/all) or a range covering the port.
_in_range(port, low, high) if {
	low <= port
	port <= high
}

_in_range(_, low, high) if {
	low == -1
	high == -1
}
