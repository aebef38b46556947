package evident.checks.terraform.s3_sse_kms_test

import data.evident.checks.terraform.s3_sse_kms as check
import data.evident.lib.terraform_testing as t

bucket := t.rcu("aws_s3_bucket.b", "aws_s3_bucket", {"bucket": "acme-phi", "tags_all": {"data-classification": "phi"}}, {"server_side_encryption_configuration": true})

sse(addr, after) := t.rcu(addr, "aws_s3_bucket_server_side_encryption_configuration", after, {"bucket": true})

kms_rule(alg, key) := {"rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": alg, "kms_master_key_id": key}]}]}

test_no_encryption_config_fires if {
	inp := t.plan([bucket])
	vs := check.violation with input as inp
	count(vs) == 1
	some v in vs
	v.resource == "aws_s3_bucket.b"
	contains(v.msg, "no SSE-KMS")
}

test_joined_kms_cmk_passes if {
	inp := t.plan_refs([bucket, sse("aws_s3_bucket_server_side_encryption_configuration.b", kms_rule("aws:kms", "arn:aws:kms:eu-west-1:111122223333:key/1234"))], {"aws_s3_bucket_server_side_encryption_configuration.b": {"bucket": ["aws_s3_bucket.b"]}})
	count(check.violation) == 0 with input as inp
}

test_aes256_fires_on_companion if {
	inp := t.plan_refs([bucket, sse("aws_s3_bucket_server_side_encryption_configuration.b", kms_rule("AES256", null))], {"aws_s3_bucket_server_side_encryption_configuration.b": {"bucket": ["aws_s3_bucket.b"]}})
	vs := check.violation with input as inp
	count(vs) == 1
	some v in vs
	v.resource == "aws_s3_bucket_server_side_encryption_configuration.b"
	v.path == "after.rule[0].apply_server_side_encryption_by_default[0].sse_algorithm"
}

test_aws_managed_key_fires if {
	inp := t.plan_refs([bucket, sse("aws_s3_bucket_server_side_encryption_configuration.b", kms_rule("aws:kms", "alias/aws/s3"))], {"aws_s3_bucket_server_side_encryption_configuration.b": {"bucket": ["aws_s3_bucket.b"]}})
	vs := check.violation with input as inp
	count(vs) == 1
	some v in vs
	endswith(v.path, "kms_master_key_id")
}

test_empty_key_fires if {
	inp := t.plan_refs([bucket, sse("aws_s3_bucket_server_side_encryption_configuration.b", kms_rule("aws:kms", ""))], {"aws_s3_bucket_server_side_encryption_configuration.b": {"bucket": ["aws_s3_bucket.b"]}})
	count(check.violation) == 1 with input as inp
}

# The key is created in the same plan: unknown until apply, passes.
test_unknown_key_passes if {
	c := t.rcu("aws_s3_bucket_server_side_encryption_configuration.b", "aws_s3_bucket_server_side_encryption_configuration", {"rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms"}]}]}, {"bucket": true, "rule": [{"apply_server_side_encryption_by_default": [{"kms_master_key_id": true}]}]})
	inp := t.plan_refs([bucket, c], {"aws_s3_bucket_server_side_encryption_configuration.b": {"bucket": ["aws_s3_bucket.b"]}})
	count(check.violation) == 0 with input as inp
}

# Join through a counted module and for_each: only the bucket the companion references is covered.
test_join_module_instances if {
	b0 := t.rcu("module.archive[0].aws_s3_bucket.this", "aws_s3_bucket", {}, {"bucket": true})
	b1 := t.rcu("module.archive[1].aws_s3_bucket.this", "aws_s3_bucket", {}, {"bucket": true})
	c0 := sse("module.archive[0].aws_s3_bucket_server_side_encryption_configuration.this", kms_rule("aws:kms", "arn:aws:kms:eu-west-1:111122223333:key/1"))
	inp := t.plan_refs([b0, b1, c0], {"module.archive[0].aws_s3_bucket_server_side_encryption_configuration.this": {"bucket": ["module.archive[0].aws_s3_bucket.this"]}})
	vs := check.violation with input as inp
	{v.resource | some v in vs} == {"module.archive[1].aws_s3_bucket.this"}
}

# Without references (raw plan), the companion joins by the known bucket name.
test_raw_plan_joins_by_name if {
	b := t.noop("aws_s3_bucket.b", "aws_s3_bucket", {"bucket": "acme-phi", "id": "acme-phi"})
	c := t.rc("aws_s3_bucket_server_side_encryption_configuration.b", "aws_s3_bucket_server_side_encryption_configuration", object.union(kms_rule("aws:kms", "arn:aws:kms:eu-west-1:111122223333:key/1"), {"bucket": "acme-phi"}))
	count(check.violation) == 0 with input as t.raw([b, c])
	count(check.violation) == 1 with input as t.raw([b])
}

# Unresolved companion: the bucket is still reported, and the message says why.
test_unresolved_companion_is_named if {
	c := sse("aws_s3_bucket_server_side_encryption_configuration.x", kms_rule("aws:kms", "arn:aws:kms:eu-west-1:111122223333:key/1"))
	inp := t.plan([bucket, c])
	vs := check.violation with input as inp
	count(vs) == 1
	some v in vs
	contains(v.msg, "could not be joined")
}

# Deprecated inline block (provider v3).
test_inline_block if {
	inline := {"bucket": "a", "server_side_encryption_configuration": [{"rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms", "kms_master_key_id": "arn:aws:kms:eu-west-1:111122223333:key/1"}]}]}]}
	count(check.violation) == 0 with input as t.plan([t.rc("aws_s3_bucket.a", "aws_s3_bucket", inline)])
	aes := {"bucket": "a", "server_side_encryption_configuration": [{"rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "AES256"}]}]}]}
	count(check.violation) == 1 with input as t.plan([t.rc("aws_s3_bucket.a", "aws_s3_bucket", aes)])
}

# Buckets explicitly classified as non-regulated, and buckets being deleted, are out of scope.
test_scope if {
	pub := t.rc("aws_s3_bucket.p", "aws_s3_bucket", {"tags_all": {"data-classification": "public"}})
	gone := t.destroy("aws_s3_bucket.g", "aws_s3_bucket", {"bucket": "g"})
	count(check.violation) == 0 with input as t.plan([pub, gone])
}

test_approved_keys_config if {
	inp := t.plan_refs([bucket, sse("aws_s3_bucket_server_side_encryption_configuration.b", kms_rule("aws:kms", "arn:aws:kms:eu-west-1:111122223333:key/other"))], {"aws_s3_bucket_server_side_encryption_configuration.b": {"bucket": ["aws_s3_bucket.b"]}})
	count(check.violation) == 1 with input as inp with data.evident.config.approved_kms_keys as ["arn:aws:kms:eu-west-1:111122223333:key/1234"]
	count(check.violation) == 0 with input as inp
}
