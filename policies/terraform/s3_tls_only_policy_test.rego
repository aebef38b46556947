package evident.checks.terraform.s3_tls_only_policy_test

import data.evident.checks.terraform.s3_tls_only_policy as check
import data.evident.lib.terraform_testing as t

bucket := t.rcu("aws_s3_bucket.b", "aws_s3_bucket", {}, {"bucket": true})

refs := {"aws_s3_bucket_policy.b": {"bucket": ["aws_s3_bucket.b"]}}

deny_http := json.marshal({"Version": "2012-10-17", "Statement": [{"Sid": "TLS", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]})

allow_only := json.marshal({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]})

policy(doc) := t.rcu("aws_s3_bucket_policy.b", "aws_s3_bucket_policy", {"policy": doc}, {"bucket": true})

test_no_policy_fires if {
	vs := check.violation with input as t.plan([bucket])
	count(vs) == 1
}

test_deny_http_passes if {
	count(check.violation) == 0 with input as t.plan_refs([bucket, policy(deny_http)], refs)
}

test_policy_without_deny_fires if {
	vs := check.violation with input as t.plan_refs([bucket, policy(allow_only)], refs)
	count(vs) == 1
	some v in vs
	v.resource == "aws_s3_bucket_policy.b"
	v.path == "after.policy"
}

test_boolean_false_condition_passes if {
	doc := json.marshal({"Statement": {"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "s3:*", "Resource": "arn:aws:s3:::b/*", "Condition": {"Bool": {"aws:SecureTransport": false}}}})
	count(check.violation) == 0 with input as t.plan_refs([bucket, policy(doc)], refs)
}

test_unknown_policy_passes if {
	p := t.rcu("aws_s3_bucket_policy.b", "aws_s3_bucket_policy", {}, {"bucket": true, "policy": true})
	count(check.violation) == 0 with input as t.plan_refs([bucket, p], refs)
}

test_inline_policy if {
	count(check.violation) == 0 with input as t.plan([t.rc("aws_s3_bucket.b", "aws_s3_bucket", {"policy": deny_http})])
	count(check.violation) == 1 with input as t.plan([t.rc("aws_s3_bucket.b", "aws_s3_bucket", {"policy": allow_only})])
}
