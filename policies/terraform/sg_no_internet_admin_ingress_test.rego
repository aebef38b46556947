package evident.checks.terraform.sg_no_internet_admin_ingress_test

import data.evident.checks.terraform.sg_no_internet_admin_ingress as check
import data.evident.lib.terraform_testing as t

sg(ingress) := t.rc("aws_security_group.sg", "aws_security_group", {"ingress": ingress})

test_ssh_from_world_fires if {
	vs := check.violation with input as t.plan([sg([{"cidr_blocks": ["0.0.0.0/0"], "from_port": 22, "to_port": 22, "protocol": "tcp"}])])
	count(vs) == 1
	some v in vs
	v.path == "after.ingress[0].cidr_blocks"
}

test_https_from_world_passes if {
	count(check.violation) == 0 with input as t.plan([sg([{"cidr_blocks": ["0.0.0.0/0"], "ipv6_cidr_blocks": ["::/0"], "from_port": 443, "to_port": 443, "protocol": "tcp"}])])
}

test_ssh_from_corporate_passes if {
	count(check.violation) == 0 with input as t.plan([sg([{"cidr_blocks": ["10.0.0.0/8"], "from_port": 22, "to_port": 22, "protocol": "tcp"}])])
}

test_range_and_all_protocols_fire if {
	vs := check.violation with input as t.plan([sg([{"cidr_blocks": ["0.0.0.0/0"], "from_port": 3000, "to_port": 9000, "protocol": "tcp"}])])
	some v in vs
	contains(v.msg, "[3389, 5432, 3306, 6443, 8888]")
	count(check.violation) == 1 with input as t.plan([sg([{"cidr_blocks": ["0.0.0.0/0"], "from_port": 3000, "to_port": 9000, "protocol": "6"}])])
	count(check.violation) == 1 with input as t.plan([sg([{"ipv6_cidr_blocks": ["::/0"], "from_port": 0, "to_port": 0, "protocol": "-1"}])])
}

test_security_group_rule if {
	r := t.rc("aws_security_group_rule.rdp", "aws_security_group_rule", {"type": "ingress", "cidr_blocks": ["0.0.0.0/0"], "from_port": 3389, "to_port": 3389, "protocol": "tcp"})
	count(check.violation) == 1 with input as t.plan([r])
	e := t.rc("aws_security_group_rule.egress", "aws_security_group_rule", {"type": "egress", "cidr_blocks": ["0.0.0.0/0"], "from_port": 0, "to_port": 0, "protocol": "-1"})
	count(check.violation) == 0 with input as t.plan([e])
}

test_vpc_ingress_rule if {
	r := t.rc("aws_vpc_security_group_ingress_rule.jupyter", "aws_vpc_security_group_ingress_rule", {"cidr_ipv4": "0.0.0.0/0", "from_port": 8888, "to_port": 8888, "ip_protocol": "tcp"})
	count(check.violation) == 1 with input as t.plan([r])
	a := t.rc("aws_vpc_security_group_ingress_rule.all", "aws_vpc_security_group_ingress_rule", {"cidr_ipv6": "::/0", "ip_protocol": "-1"})
	count(check.violation) == 1 with input as t.plan([a])
}

test_configured_ports if {
	count(check.violation) == 1 with input as t.plan([sg([{"cidr_blocks": ["0.0.0.0/0"], "from_port": 443, "to_port": 443, "protocol": "tcp"}])]) with data.evident.config.admin_ports as [443]
}
