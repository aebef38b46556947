package evident.checks.terraform.bedrock_custom_model_cmk_test

import data.evident.checks.terraform.bedrock_custom_model_cmk as check
import data.evident.lib.terraform_testing as t

test_model_without_key_fires if {
	vs := check.violation with input as t.plan([t.rc("aws_bedrock_custom_model.ft", "aws_bedrock_custom_model", {"base_model_identifier": "amazon.titan-text-express-v1"})])
	count(vs) == 1
	some v in vs
	v.path == "after.custom_model_kms_key_id"
}

test_guardrail_without_key_fires if {
	count(check.violation) == 1 with input as t.plan([t.rc("aws_bedrock_guardrail.g", "aws_bedrock_guardrail", {"name": "g"})])
}

test_keys_pass if {
	m := t.rc("aws_bedrock_custom_model.ft", "aws_bedrock_custom_model", {"custom_model_kms_key_id": "arn:aws:kms:us-east-1:111122223333:key/1"})
	g := t.rcu("aws_bedrock_guardrail.g", "aws_bedrock_guardrail", {}, {"kms_key_arn": true})
	count(check.violation) == 0 with input as t.plan([m, g])
}
