package evident.checks.aws_config.s3_object_lock_test

import data.evident.checks.aws_config.s3_object_lock as check

bucket(sup) := {"configurationItemStatus": "OK", "resourceType": "AWS::S3::Bucket", "resourceName": "records", "tags": {"gxp-record": "true"}, "configuration": {}, "supplementaryConfiguration": sup}

test_no_lock_fires if {
	count(check.violation) == 1 with input as bucket({})
}

test_lock_without_retention_fires if {
	vs := check.violation with input as bucket({"ObjectLockConfiguration": {"objectLockEnabled": "Enabled"}})
	count(vs) == 1
	some v in vs
	v.path == "supplementaryConfiguration.ObjectLockConfiguration.rule.defaultRetention"
}

test_lock_with_retention_passes if {
	count(check.violation) == 0 with input as bucket({"ObjectLockConfiguration": {"objectLockEnabled": "Enabled", "rule": {"defaultRetention": {"mode": "COMPLIANCE", "years": 10}}}})
}

test_untagged_bucket_out_of_scope if {
	b := bucket({})
	count(check.violation) == 0 with input as object.union(b, {"tags": {"gxp-record": "false"}})
}
