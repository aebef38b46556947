package evident.checks.cloudtrail.s3_encryption_removed_or_downgraded_test

import rego.v1

import data.evident.checks.cloudtrail.s3_encryption_removed_or_downgraded as check
import data.evident.test.cloudtrail as fx

_put(algorithm) := fx.record("s3.amazonaws.com", "PutBucketEncryption", {"bucketName": "lims-records", "encryption": "", "ServerSideEncryptionConfiguration": {"Rule": {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": algorithm}, "BucketKeyEnabled": true}}})

test_deleted if {
	count(check.violation) == 1 with input as fx.normalised(fx.record("s3.amazonaws.com", "DeleteBucketEncryption", {"bucketName": "lims-records", "encryption": ""}))
}

test_downgraded_eventbridge if {
	fx.paths(check.violation) == {"requestParameters.ServerSideEncryptionConfiguration.Rule[0].ApplyServerSideEncryptionByDefault.SSEAlgorithm"} with input as fx.eventbridge(_put("AES256"))
}

test_kms_is_fine if {
	count(check.violation) == 0 with input as fx.normalised(_put("aws:kms"))
}

test_unregulated_bucket if {
	count(check.violation) == 0 with input as fx.normalised(_put("AES256")) with data.evident.config.regulated_buckets as ["phi-*"]
	count(check.violation) == 1 with input as fx.normalised(_put("AES256")) with data.evident.config.regulated_buckets as ["lims-*"]
}

test_denied if {
	count(check.violation) == 0 with input as fx.normalised(fx.denied(fx.record("s3.amazonaws.com", "DeleteBucketEncryption", {"bucketName": "lims-records"})))
}
