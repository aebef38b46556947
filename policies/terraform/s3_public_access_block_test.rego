package evident.checks.terraform.s3_public_access_block_test

import data.evident.checks.terraform.s3_public_access_block as check
import data.evident.lib.terraform_testing as t

bucket := t.rcu("aws_s3_bucket.b", "aws_s3_bucket", {}, {"bucket": true, "id": true})

all_on := {"block_public_acls": true, "ignore_public_acls": true, "block_public_policy": true, "restrict_public_buckets": true}

test_missing_block_fires if {
	vs := check.violation with input as t.plan([bucket])
	count(vs) == 1
	some v in vs
	v.resource == "aws_s3_bucket.b"
}

test_joined_block_passes if {
	p := t.rcu("aws_s3_bucket_public_access_block.b", "aws_s3_bucket_public_access_block", all_on, {"bucket": true})
	count(check.violation) == 0 with input as t.plan_refs([bucket, p], {"aws_s3_bucket_public_access_block.b": {"bucket": ["aws_s3_bucket.b"]}})
}

test_flag_false_fires if {
	p := t.rcu("aws_s3_bucket_public_access_block.b", "aws_s3_bucket_public_access_block", object.union(all_on, {"restrict_public_buckets": false}), {"bucket": true})
	vs := check.violation with input as t.plan_refs([bucket, p], {"aws_s3_bucket_public_access_block.b": {"bucket": ["aws_s3_bucket.b"]}})
	count(vs) == 1
	some v in vs
	v.path == "after.restrict_public_buckets"
	v.resource == "aws_s3_bucket_public_access_block.b"
}

test_string_true_and_unknown_pass if {
	p := t.rcu("aws_s3_bucket_public_access_block.b", "aws_s3_bucket_public_access_block", {"block_public_acls": "true", "ignore_public_acls": true, "block_public_policy": true}, {"bucket": true, "restrict_public_buckets": true})
	count(check.violation) == 0 with input as t.plan_refs([bucket, p], {"aws_s3_bucket_public_access_block.b": {"bucket": ["aws_s3_bucket.b"]}})
}

test_account_block_covers_buckets if {
	a := t.rc("aws_s3_account_public_access_block.this", "aws_s3_account_public_access_block", all_on)
	count(check.violation) == 0 with input as t.plan([bucket, a])
	weak := t.rc("aws_s3_account_public_access_block.this", "aws_s3_account_public_access_block", object.union(all_on, {"block_public_policy": false}))
	count(check.violation) == 2 with input as t.plan([bucket, weak])
}

test_config_account_block if {
	count(check.violation) == 0 with input as t.plan([bucket]) with data.evident.config.account_public_access_block as true
}
