package evident.checks.terraform.cloudtrail_log_validation_test

import data.evident.checks.terraform.cloudtrail_log_validation as check
import data.evident.lib.terraform_testing as t

test_disabled_fires if {
	vs := check.violation with input as t.plan([t.rc("aws_cloudtrail.main", "aws_cloudtrail", {"enable_log_file_validation": false})])
	count(vs) == 1
	some v in vs
	v.path == "after.enable_log_file_validation"
}

test_absent_fires if {
	count(check.violation) == 1 with input as t.plan([t.rc("aws_cloudtrail.main", "aws_cloudtrail", {})])
}

test_enabled_passes if {
	count(check.violation) == 0 with input as t.plan([t.rc("aws_cloudtrail.main", "aws_cloudtrail", {"enable_log_file_validation": true})])
	count(check.violation) == 0 with input as t.plan([t.rc("aws_cloudtrail.main", "aws_cloudtrail", {"enable_log_file_validation": "true"})])
}

test_deleted_trail_ignored if {
	count(check.violation) == 0 with input as t.plan([t.destroy("aws_cloudtrail.old", "aws_cloudtrail", {"enable_log_file_validation": false})])
}
