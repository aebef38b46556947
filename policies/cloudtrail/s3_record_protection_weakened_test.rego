package evident.checks.cloudtrail.s3_record_protection_weakened_test

import rego.v1

import data.evident.checks.cloudtrail.s3_record_protection_weakened as check
import data.evident.test.cloudtrail as fx

_s3(name, params) := fx.record("s3.amazonaws.com", name, object.union({"bucketName": "lims-records"}, params))

_lifecycle(rules) := _s3("PutBucketLifecycle", {"lifecycle": "", "LifecycleConfiguration": {"Rule": rules}})

test_short_expiration if {
	rules := [
		{"ID": "archive", "Status": "Enabled", "Filter": {"Prefix": ""}, "Transition": {"Days": 90, "StorageClass": "GLACIER"}},
		{"ID": "purge", "Status": "Enabled", "Filter": {"Prefix": "batch/"}, "Expiration": {"Days": 30}, "NoncurrentVersionExpiration": {"NoncurrentDays": "7"}},
	]
	fx.paths(check.violation) == {"requestParameters.LifecycleConfiguration.Rule[1].Expiration.Days", "requestParameters.LifecycleConfiguration.Rule[1].NoncurrentVersionExpiration.NoncurrentDays"} with input as fx.normalised(_lifecycle(rules))
}

test_long_or_disabled_expiration_is_fine if {
	count(check.violation) == 0 with input as fx.normalised(_lifecycle({"ID": "retain", "Status": "Enabled", "Expiration": {"Days": 3650}}))
	count(check.violation) == 0 with input as fx.normalised(_lifecycle({"ID": "purge", "Status": "Disabled", "Expiration": {"Days": 1}}))
}

test_replication_and_lifecycle_removed if {
	count(check.violation) == 1 with input as fx.eventbridge(_s3("DeleteBucketReplication", {"replication": ""}))
	count(check.violation) == 1 with input as fx.normalised(_s3("DeleteBucketLifecycle", {"lifecycle": ""}))
}

test_object_lock if {
	governance := {"ObjectLockEnabled": "Enabled", "Rule": {"DefaultRetention": {"Mode": "GOVERNANCE", "Days": 3650}}}
	count(check.violation) == 1 with input as fx.normalised(_s3("PutObjectLockConfiguration", {"ObjectLockConfiguration": governance}))
	short := {"ObjectLockEnabled": "Enabled", "Rule": {"DefaultRetention": {"Mode": "COMPLIANCE", "Days": 30}}}
	vs := check.violation with input as fx.normalised(_s3("PutObjectLockConfiguration", {"ObjectLockConfiguration": short}))
	some v in vs
	contains(v.msg, "its default retention is 30 days")
	compliant := {"ObjectLockEnabled": "Enabled", "Rule": {"DefaultRetention": {"Mode": "COMPLIANCE", "Years": 10}}}
	count(check.violation) == 0 with input as fx.normalised(_s3("PutObjectLockConfiguration", {"ObjectLockConfiguration": compliant}))
	count(check.violation) == 1 with input as fx.normalised(_s3("PutObjectLockConfiguration", {"ObjectLockConfiguration": {"ObjectLockEnabled": "Enabled"}}))
}

test_access_logging_off if {
	count(check.violation) == 1 with input as fx.normalised(_s3("PutBucketLogging", {"logging": "", "BucketLoggingStatus": {"xmlns": "http://s3.amazonaws.com/doc/2006-03-01/"}}))
	count(check.violation) == 0 with input as fx.normalised(_s3("PutBucketLogging", {"BucketLoggingStatus": {"LoggingEnabled": {"TargetBucket": "lims-access-logs", "TargetPrefix": "lims-records/"}}}))
}

test_governance_bypass_data_event if {
	rec := object.union(_s3("PutObjectRetention", {"key": "batch/2024/0517.pdf", "retention": "", "x-amz-bypass-governance-retention": "true", "Retention": {"Mode": "GOVERNANCE", "RetainUntilDate": "2024-06-01T00:00:00Z"}}), {"eventCategory": "Data", "managementEvent": false})
	fx.paths(check.violation) == {`requestParameters["x-amz-bypass-governance-retention"]`} with input as fx.normalised(rec)
	hold := object.union(_s3("PutObjectLegalHold", {"key": "batch/2024/0517.pdf", "LegalHold": {"Status": "OFF"}}), {"eventCategory": "Data"})
	fx.paths(check.violation) == {"requestParameters.LegalHold.Status"} with input as fx.normalised(hold)
}

test_denied_and_unregulated if {
	count(check.violation) == 0 with input as fx.normalised(fx.denied(_s3("DeleteBucketReplication", {})))
	count(check.violation) == 0 with input as fx.normalised(_s3("DeleteBucketReplication", {})) with data.evident.config.regulated_buckets as ["phi-*"]
}
