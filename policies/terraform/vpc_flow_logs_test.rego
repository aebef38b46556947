package evident.checks.terraform.vpc_flow_logs_test

import data.evident.checks.terraform.vpc_flow_logs as check
import data.evident.lib.terraform_testing as t

vpc := t.rcu("module.network.aws_vpc.this[0]", "aws_vpc", {"cidr_block": "10.0.0.0/16"}, {"id": true})

fl(traffic) := t.rcu("aws_flow_log.vpc", "aws_flow_log", {"traffic_type": traffic}, {"vpc_id": true})

test_no_flow_log_fires if {
	vs := check.violation with input as t.plan([vpc])
	count(vs) == 1
	some v in vs
	v.resource == "module.network.aws_vpc.this[0]"
}

test_flow_log_through_module_passes if {
	count(check.violation) == 0 with input as t.plan_refs([vpc, fl("ALL")], {"aws_flow_log.vpc": {"vpc_id": ["module.network.aws_vpc.this[0]"]}})
}

test_accept_only_fires if {
	vs := check.violation with input as t.plan_refs([vpc, fl("ACCEPT")], {"aws_flow_log.vpc": {"vpc_id": ["module.network.aws_vpc.this[0]"]}})
	count(vs) == 1
	some v in vs
	v.resource == "aws_flow_log.vpc"
}

test_existing_vpc_joined_by_id if {
	existing := t.noop("aws_vpc.main", "aws_vpc", {"id": "vpc-0abc"})
	f := t.rc("aws_flow_log.main", "aws_flow_log", {"vpc_id": "vpc-0abc", "traffic_type": "REJECT"})
	count(check.violation) == 0 with input as t.raw([existing, f])
}
