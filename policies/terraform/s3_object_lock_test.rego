package evident.checks.terraform.s3_object_lock_test

import data.evident.checks.terraform.s3_object_lock as check
import data.evident.lib.terraform_testing as t

tags := {"gxp-record": "true", "data-classification": "gxp"}

locked := t.rcu("aws_s3_bucket.rec", "aws_s3_bucket", {"object_lock_enabled": true, "tags_all": tags}, {"bucket": true})

olc(mode, days) := t.rcu("aws_s3_bucket_object_lock_configuration.rec", "aws_s3_bucket_object_lock_configuration", {"rule": [{"default_retention": [{"mode": mode, "days": days}]}]}, {"bucket": true})

refs := {"aws_s3_bucket_object_lock_configuration.rec": {"bucket": ["aws_s3_bucket.rec"]}}

test_locked_with_retention_passes if {
	count(check.violation) == 0 with input as t.plan_refs([locked, olc("COMPLIANCE", 3650)], refs)
}

test_no_lock_fires_twice if {
	b := t.rcu("aws_s3_bucket.rec", "aws_s3_bucket", {"object_lock_enabled": false, "tags_all": tags}, {"bucket": true})
	vs := check.violation with input as t.plan([b])
	count(vs) == 2
}

test_lock_without_retention_fires if {
	vs := check.violation with input as t.plan([locked])
	count(vs) == 1
	some v in vs
	contains(v.msg, "default retention")
}

test_zero_days_fires if {
	count(check.violation) == 1 with input as t.plan_refs([locked, olc("GOVERNANCE", 0)], refs)
}

test_untagged_bucket_out_of_scope if {
	count(check.violation) == 0 with input as t.plan([t.rc("aws_s3_bucket.b", "aws_s3_bucket", {"tags_all": {"data-classification": "phi"}})])
}

test_inline_lock_configuration_passes if {
	b := t.noop("aws_s3_bucket.rec", "aws_s3_bucket", {"tags": {"gxp-record": "yes"}, "object_lock_configuration": [{"object_lock_enabled": "Enabled", "rule": [{"default_retention": [{"mode": "COMPLIANCE", "years": 10}]}]}]})
	count(check.violation) == 0 with input as t.plan([b])
}
