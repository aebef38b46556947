package evident.checks.aws_config.s3_sse_kms_test

import data.evident.checks.aws_config.s3_sse_kms as check

bucket(sup) := {"configurationItem": {
	"configurationItemStatus": "OK",
	"resourceType": "AWS::S3::Bucket",
	"resourceName": "acme-phi",
	"tags": {"data-classification": "phi"},
	"configuration": {"name": "acme-phi"},
	"supplementaryConfiguration": sup,
}}

sse(alg, key) := {"ServerSideEncryptionConfiguration": {"rules": [{"applyServerSideEncryptionByDefault": {"sseAlgorithm": alg, "kmsMasterKeyID": key}, "bucketKeyEnabled": true}]}}

test_no_rule_fires if {
	vs := check.violation with input as bucket({})
	count(vs) == 1
	some v in vs
	contains(v.msg, "no default encryption rule")
}

test_aes256_fires if {
	count(check.violation) == 1 with input as bucket(sse("AES256", null))
}

test_aws_managed_key_fires if {
	vs := check.violation with input as bucket(sse("aws:kms", null))
	count(vs) == 1
	some v in vs
	contains(v.msg, "AWS-managed")
}

test_cmk_passes if {
	count(check.violation) == 0 with input as bucket(sse("aws:kms", "arn:aws:kms:eu-west-1:111122223333:key/1"))
}

# GetResourceConfigHistory shape: the supplementary value is a JSON string.
test_string_encoded_supplementary if {
	sup := {"ServerSideEncryptionConfiguration": json.marshal(sse("aws:kms:dsse", "arn:aws:kms:eu-west-1:111122223333:key/1").ServerSideEncryptionConfiguration)}
	count(check.violation) == 0 with input as bucket(sup)
}

test_public_bucket_out_of_scope if {
	b := bucket({})
	count(check.violation) == 0 with input as {"configurationItem": object.union(b.configurationItem, {"tags": {"data-classification": "public"}})}
}
