package evident.checks.aws_config.s3_tls_only_policy_test

import data.evident.checks.aws_config.s3_tls_only_policy as check

bucket(policy) := {"configurationItem": {"configurationItemStatus": "OK", "resourceType": "AWS::S3::Bucket", "resourceName": "b", "configuration": {}, "supplementaryConfiguration": {"BucketPolicy": {"policyText": policy}}}}

deny := json.marshal({"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]})

test_null_policy_fires if {
	vs := check.violation with input as bucket(null)
	count(vs) == 1
	some v in vs
	contains(v.msg, "no bucket policy")
}

test_policy_without_deny_fires if {
	count(check.violation) == 1 with input as bucket(json.marshal({"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:*", "Resource": "*"}]}))
}

test_deny_passes if {
	count(check.violation) == 0 with input as bucket(deny)
}

# The whole BucketPolicy value arrives as a JSON string in API results.
test_string_encoded_bucket_policy if {
	b := bucket(deny)
	ci := object.union(b.configurationItem, {"supplementaryConfiguration": {"BucketPolicy": json.marshal({"policyText": deny})}})
	count(check.violation) == 0 with input as {"configurationItem": ci}
}
