package evident.checks.terraform.cloudtrail_multi_region_test

import data.evident.checks.terraform.cloudtrail_multi_region as check
import data.evident.lib.terraform_testing as t

good := t.rc("aws_cloudtrail.org", "aws_cloudtrail", {"is_multi_region_trail": true, "include_global_service_events": true, "enable_logging": true, "is_organization_trail": true})

regional := t.rc("aws_cloudtrail.regional", "aws_cloudtrail", {"is_multi_region_trail": false, "include_global_service_events": true})

test_single_region_only_fires if {
	vs := check.violation with input as t.plan([regional])
	count(vs) == 1
	some v in vs
	contains(v.msg, "is not multi-region")
}

test_one_good_trail_is_enough if {
	count(check.violation) == 0 with input as t.plan([good, regional])
}

test_logging_off_fires if {
	off := t.rc("aws_cloudtrail.org", "aws_cloudtrail", {"is_multi_region_trail": true, "include_global_service_events": true, "enable_logging": false})
	vs := check.violation with input as t.plan([off])
	count(vs) == 1
	some v in vs
	contains(v.msg, "not logging")
}

test_destroying_multi_region_trail_fires if {
	gone := t.destroy("aws_cloudtrail.org", "aws_cloudtrail", {"is_multi_region_trail": true})
	vs := check.violation with input as t.plan([gone])
	count(vs) == 1
	some v in vs
	v.path == "change.actions"
}

test_no_trail_no_finding if {
	count(check.violation) == 0 with input as t.plan([t.rc("aws_s3_bucket.b", "aws_s3_bucket", {})])
}
