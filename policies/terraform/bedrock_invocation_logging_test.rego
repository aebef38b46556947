package evident.checks.terraform.bedrock_invocation_logging_test

import data.evident.checks.terraform.bedrock_invocation_logging as check
import data.evident.lib.terraform_testing as t

guardrail := t.rc("aws_bedrock_guardrail.phi", "aws_bedrock_guardrail", {"name": "phi"})

bucket := t.rcu("aws_s3_bucket.bedrock_logs", "aws_s3_bucket", {}, {"bucket": true})

sse := t.rcu("aws_s3_bucket_server_side_encryption_configuration.bedrock_logs", "aws_s3_bucket_server_side_encryption_configuration", {"rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms"}]}]}, {"bucket": true, "rule": [{"apply_server_side_encryption_by_default": [{"kms_master_key_id": true}]}]})

logging := t.rcu("aws_bedrock_model_invocation_logging_configuration.this", "aws_bedrock_model_invocation_logging_configuration", {"logging_config": [{"text_data_delivery_enabled": true, "s3_config": [{"key_prefix": "bedrock"}], "cloudwatch_config": []}]}, {"logging_config": [{"s3_config": [{"bucket_name": true}]}]})

refs := {
	"aws_s3_bucket_server_side_encryption_configuration.bedrock_logs": {"bucket": ["aws_s3_bucket.bedrock_logs"]},
	"aws_bedrock_model_invocation_logging_configuration.this": {"logging_config[0].s3_config[0].bucket_name": ["aws_s3_bucket.bedrock_logs"]},
}

test_bedrock_without_logging_fires if {
	vs := check.violation with input as t.plan([guardrail])
	count(vs) == 1
	some v in vs
	v.resource == "aws_bedrock_guardrail.phi"
}

test_logging_to_kms_bucket_passes if {
	count(check.violation) == 0 with input as t.plan_refs([guardrail, bucket, sse, logging], refs)
}

test_logging_to_unencrypted_bucket_fires if {
	vs := check.violation with input as t.plan_refs([guardrail, bucket, logging], refs)
	count(vs) == 1
	some v in vs
	v.path == "after.logging_config[0].s3_config[0].bucket_name"
}

test_log_group_without_kms_fires if {
	lg := t.rc("aws_cloudwatch_log_group.bedrock", "aws_cloudwatch_log_group", {"name": "/bedrock/invocations", "retention_in_days": 365})
	cfg := t.rc("aws_bedrock_model_invocation_logging_configuration.this", "aws_bedrock_model_invocation_logging_configuration", {"logging_config": [{"cloudwatch_config": [{"log_group_name": "/bedrock/invocations", "role_arn": "arn:aws:iam::111122223333:role/b"}]}]})
	count(check.violation) == 1 with input as t.raw([lg, cfg])
	lgk := t.rc("aws_cloudwatch_log_group.bedrock", "aws_cloudwatch_log_group", {"name": "/bedrock/invocations", "kms_key_id": "arn:aws:kms:eu-west-1:111122223333:key/1"})
	count(check.violation) == 0 with input as t.raw([lgk, cfg])
}

test_no_bedrock_no_finding if {
	count(check.violation) == 0 with input as t.plan([bucket])
}
