package evident.checks.terraform.cw_log_retention_test

import data.evident.checks.terraform.cw_log_retention as check
import data.evident.lib.terraform_testing as t

lg(days) := t.rc("aws_cloudwatch_log_group.eks", "aws_cloudwatch_log_group", {"name": "/aws/eks/ml/cluster", "retention_in_days": days})

test_short_retention_fires if {
	vs := check.violation with input as t.plan([lg(90)])
	count(vs) == 1
	some v in vs
	v.path == "after.retention_in_days"
}

test_long_or_never_expire_passes if {
	count(check.violation) == 0 with input as t.plan([lg(365)])
	count(check.violation) == 0 with input as t.plan([lg(0)])
	count(check.violation) == 0 with input as t.plan([t.rc("aws_cloudwatch_log_group.x", "aws_cloudwatch_log_group", {"name": "x"})])
}

test_configured_minimum if {
	count(check.violation) == 1 with input as t.plan([lg(365)]) with data.evident.config.min_log_retention_days as 3653
}

test_public_classified_out_of_scope if {
	r := t.rc("aws_cloudwatch_log_group.web", "aws_cloudwatch_log_group", {"name": "web", "retention_in_days": 7, "tags_all": {"data-classification": "internal"}})
	count(check.violation) == 0 with input as t.plan([r])
}
