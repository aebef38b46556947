package evident.checks.aws_config.s3_versioning_test

import data.evident.checks.aws_config.s3_versioning as check

bucket(sup) := {"configurationItemStatus": "OK", "resourceType": "AWS::S3::Bucket", "resourceName": "b", "configuration": {}, "supplementaryConfiguration": sup}

test_off_fires if {
	count(check.violation) == 1 with input as bucket({"BucketVersioningConfiguration": {"status": "Off", "isMfaDeleteEnabled": null}})
	count(check.violation) == 1 with input as bucket({"BucketVersioningConfiguration": "{\"status\":\"Suspended\"}"})
	count(check.violation) == 1 with input as bucket({})
}

test_enabled_passes if {
	count(check.violation) == 0 with input as bucket({"BucketVersioningConfiguration": {"status": "Enabled", "isMfaDeleteEnabled": true}})
	count(check.violation) == 0 with input as bucket({"BucketVersioningConfiguration": "{\"status\":\"Enabled\"}"})
}

test_deleted_bucket_skipped if {
	count(check.violation) == 0 with input as object.union(bucket({}), {"configurationItemStatus": "ResourceDeleted"})
}
