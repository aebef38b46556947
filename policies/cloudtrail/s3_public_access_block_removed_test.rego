package evident.checks.cloudtrail.s3_public_access_block_removed_test

import rego.v1

import data.evident.checks.cloudtrail.s3_public_access_block_removed as check
import data.evident.test.cloudtrail as fx

_all_on := {"BlockPublicAcls": true, "IgnorePublicAcls": true, "BlockPublicPolicy": true, "RestrictPublicBuckets": true}

test_deleted if {
	vs := check.violation with input as fx.normalised(fx.record("s3.amazonaws.com", "DeleteBucketPublicAccessBlock", {"bucketName": "lims-records", "publicAccessBlock": ""}))
	some v in vs
	contains(v.msg, `for bucket "lims-records"`)
	vs2 := check.violation with input as fx.eventbridge(fx.record("s3.amazonaws.com", "DeleteAccountPublicAccessBlock", {}))
	some v2 in vs2
	contains(v2.msg, "for the whole account")
}

test_relaxed if {
	cfg := object.union(_all_on, {"BlockPublicPolicy": false, "RestrictPublicBuckets": "false"})
	rec := fx.record("s3.amazonaws.com", "PutBucketPublicAccessBlock", {"bucketName": "lims-records", "PublicAccessBlockConfiguration": cfg})
	fx.paths(check.violation) == {"requestParameters.PublicAccessBlockConfiguration.BlockPublicPolicy", "requestParameters.PublicAccessBlockConfiguration.RestrictPublicBuckets"} with input as fx.normalised(rec)
}

test_all_on_and_denied if {
	rec := fx.record("s3.amazonaws.com", "PutAccountPublicAccessBlock", {"PublicAccessBlockConfiguration": _all_on})
	count(check.violation) == 0 with input as fx.normalised(rec)
	count(check.violation) == 0 with input as fx.normalised(fx.denied(fx.record("s3.amazonaws.com", "DeleteBucketPublicAccessBlock", {"bucketName": "b"})))
}
