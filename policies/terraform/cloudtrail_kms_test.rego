package evident.checks.terraform.cloudtrail_kms_test

import data.evident.checks.terraform.cloudtrail_kms as check
import data.evident.lib.terraform_testing as t

test_no_key_fires if {
	count(check.violation) == 1 with input as t.plan([t.rc("aws_cloudtrail.main", "aws_cloudtrail", {"kms_key_id": null})])
	count(check.violation) == 1 with input as t.plan([t.rc("aws_cloudtrail.main", "aws_cloudtrail", {"kms_key_id": ""})])
}

test_cmk_passes if {
	count(check.violation) == 0 with input as t.plan([t.rc("aws_cloudtrail.main", "aws_cloudtrail", {"kms_key_id": "arn:aws:kms:us-east-1:111122223333:key/abc"})])
}

test_key_created_in_plan_passes if {
	trail := t.rcu("aws_cloudtrail.main", "aws_cloudtrail", {}, {"kms_key_id": true})
	key := t.rcu("aws_kms_key.trail", "aws_kms_key", {"enable_key_rotation": true}, {"arn": true})
	count(check.violation) == 0 with input as t.plan_refs([trail, key], {"aws_cloudtrail.main": {"kms_key_id": ["aws_kms_key.trail"]}})
}
