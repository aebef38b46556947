package evident.checks.cloudtrail.sg_ingress_open_to_internet_test

import rego.v1

import data.evident.checks.cloudtrail.sg_ingress_open_to_internet as check
import data.evident.test.cloudtrail as fx

_authorize(perms) := fx.record("ec2.amazonaws.com", "AuthorizeSecurityGroupIngress", {"groupId": "sg-0f1e2d3c4b5a69788", "ipPermissions": {"items": perms}})

_perm(protocol, from, to, v4, v6) := {
	"ipProtocol": protocol, "fromPort": from, "toPort": to, "groups": {},
	"ipRanges": {"items": [{"cidrIp": c} | some c in v4]},
	"ipv6Ranges": {"items": [{"cidrIpv6": c} | some c in v6]},
	"prefixListIds": {},
}

test_ssh_open if {
	vs := check.violation with input as fx.normalised(_authorize([_perm("tcp", 22, 22, ["0.0.0.0/0"], [])]))
	fx.paths(vs) == {"requestParameters.ipPermissions.items[0].ipRanges.items[0].cidrIp"}
	some v in vs
	contains(v.msg, "to 0.0.0.0/0 on tcp port(s) 22")
}

test_range_string_ports_ipv6_eventbridge if {
	vs := check.violation with input as fx.eventbridge(_authorize([_perm("tcp", "3000", "9000", [], ["::/0"])]))
	some v in vs
	contains(v.msg, "::/0 on tcp port(s) 3389, 5432, 3306, 6443, 8888;")
}

test_all_protocols if {
	count(check.violation) == 1 with input as fx.normalised(_authorize([_perm("-1", -1, -1, ["0.0.0.0/0"], [])]))
	no_ports := json.remove(_perm("-1", 0, 0, ["0.0.0.0/0"], []), ["fromPort", "toPort"])
	vs := check.violation with input as fx.normalised(_authorize([no_ports]))
	some v in vs
	contains(v.msg, "on all protocols and ports")
}

test_configured_ports if {
	count(check.violation) == 0 with input as fx.normalised(_authorize([_perm("tcp", 9200, 9200, ["0.0.0.0/0"], [])]))
	count(check.violation) == 1 with input as fx.normalised(_authorize([_perm("tcp", 9200, 9200, ["0.0.0.0/0"], [])])) with data.evident.config.admin_ports as [9200]
}

test_https_or_private_is_fine if {
	count(check.violation) == 0 with input as fx.normalised(_authorize([_perm("tcp", 443, 443, ["0.0.0.0/0"], ["::/0"])]))
	count(check.violation) == 0 with input as fx.normalised(_authorize([_perm("tcp", 22, 22, ["10.20.0.0/16"], [])]))
	count(check.violation) == 0 with input as fx.normalised(fx.denied(_authorize([_perm("tcp", 22, 22, ["0.0.0.0/0"], [])])))
}

test_modify_security_group_rules if {
	params := {"ModifySecurityGroupRulesRequest": {"GroupId": "sg-0f1e2d3c4b5a69788", "SecurityGroupRule": {"tag": 1, "SecurityGroupRuleId": "sgr-0123456789abcdef0", "SecurityGroupRule": {"CidrIpv4": "0.0.0.0/0", "IpProtocol": "tcp", "FromPort": 3389, "ToPort": 3389, "Description": "rdp"}}}}
	fx.paths(check.violation) == {"requestParameters.ModifySecurityGroupRulesRequest.SecurityGroupRule[0].SecurityGroupRule"} with input as fx.normalised(fx.record("ec2.amazonaws.com", "ModifySecurityGroupRules", params))
}
