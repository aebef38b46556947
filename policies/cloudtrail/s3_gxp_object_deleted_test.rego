package evident.checks.cloudtrail.s3_gxp_object_deleted_test

import rego.v1

import data.evident.checks.cloudtrail.s3_gxp_object_deleted as check
import data.evident.test.cloudtrail as fx

_delete(name, params) := object.union(fx.record("s3.amazonaws.com", name, params), {"eventCategory": "Data", "managementEvent": false, "readOnly": false, "resources": [{"type": "AWS::S3::Object", "ARN": "arn:aws:s3:::lims-records/batch/2024/0517.pdf"}]})

test_object_deleted if {
	vs := check.violation with input as fx.normalised(_delete("DeleteObject", {"bucketName": "lims-records", "key": "batch/2024/0517.pdf", "Host": "lims-records.s3.eu-west-1.amazonaws.com"}))
	some v in vs
	contains(v.msg, `deleted object "batch/2024/0517.pdf" from regulated bucket "lims-records"`)
}

test_objects_deleted_eventbridge if {
	count(check.violation) == 1 with input as fx.eventbridge(_delete("DeleteObjects", {"bucketName": "lims-records", "delete": ""}))
}

test_only_listed_buckets if {
	cfg := ["lims-records", "phi-*"]
	count(check.violation) == 1 with input as fx.normalised(_delete("DeleteObject", {"bucketName": "lims-records", "key": "k"})) with data.evident.config.regulated_buckets as cfg
	count(check.violation) == 0 with input as fx.normalised(_delete("DeleteObject", {"bucketName": "scratch", "key": "k"})) with data.evident.config.regulated_buckets as cfg
}

test_denied_and_reads if {
	count(check.violation) == 0 with input as fx.normalised(fx.denied(_delete("DeleteObject", {"bucketName": "lims-records", "key": "k"})))
	count(check.violation) == 0 with input as fx.normalised(_delete("GetObject", {"bucketName": "lims-records", "key": "k"}))
}
