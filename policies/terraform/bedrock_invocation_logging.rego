# METADATA
# title: Bedrock model invocation logging goes to an encrypted destination
# description: |
#   Invocation logs contain prompts and completions, i.e. PHI. When the plan uses Bedrock (any
#   aws_bedrock* / aws_bedrockagent* resource) it also configures
#   aws_bedrock_model_invocation_logging_configuration with a destination; an S3 destination bucket
#   of the plan (joined through input.references or by name) uses SSE-KMS, and a CloudWatch log group
#   of the plan sets kms_key_id.
# custom:
#   id: TF-BEDROCK-INVOCATION-LOGGING
#   severity: medium
#   controls: ["hipaa:164.308(a)(1)(ii)(D)", "hipaa:164.312(b)", "gxp-part11:11.10(e)", "gxp-annex11:9", "gxp-annex11:12.4"]
#   remediation: Add aws_bedrock_model_invocation_logging_configuration with logging_config.s3_config (bucket with SSE-KMS and restricted access) and/or cloudwatch_config (log group with kms_key_id and 365+ days retention) in every region that uses Bedrock.
#   kinds: [terraform]
package evident.checks.terraform.bedrock_invocation_logging

import data.evident.lib.terraform as tf

lc := "aws_bedrock_model_invocation_logging_configuration"

bedrock_resources contains r if {
	some typ, addrs in tf.by_type
	typ != lc
	startswith(typ, "aws_bedrock")
	some r in addrs
}

violation contains {
	"msg": sprintf("the plan uses Bedrock (%s) but configures no model invocation logging; add aws_bedrock_model_invocation_logging_configuration", [r]),
	"resource": r,
} if {
	count(object.get(tf.by_type, lc, set())) == 0
	some r in bedrock_resources
}

violation contains {
	"msg": sprintf("%s has no destination; set logging_config.s3_config or cloudwatch_config", [r]),
	"resource": r,
	"path": "after.logging_config[0]",
} if {
	some r in tf.by_type[lc]
	not tf.unknown(r, ["logging_config"])
	count(object.get(tf.after(r), ["logging_config", 0, "s3_config"], [])) == 0
	count(object.get(tf.after(r), ["logging_config", 0, "cloudwatch_config"], [])) == 0
}

violation contains {
	"msg": sprintf("Bedrock invocation logs of %s go to S3 bucket %s, which has no SSE-KMS default encryption; encrypt it with a customer-managed key", [r, b]),
	"resource": r,
	"path": "after.logging_config[0].s3_config[0].bucket_name",
} if {
	some r in tf.by_type[lc]
	some b in destination(r, "logging_config[0].s3_config[0].bucket_name", ["logging_config", 0, "s3_config", 0, "bucket_name"], "aws_s3_bucket", "bucket")
	not tf.bucket_kms_encrypted(b)
}

violation contains {
	"msg": sprintf("Bedrock invocation logs of %s go to log group %s, which is not KMS-encrypted; set kms_key_id on the log group", [r, g]),
	"resource": r,
	"path": "after.logging_config[0].cloudwatch_config[0].log_group_name",
} if {
	some r in tf.by_type[lc]
	some g in destination(r, "logging_config[0].cloudwatch_config[0].log_group_name", ["logging_config", 0, "cloudwatch_config", 0, "log_group_name"], "aws_cloudwatch_log_group", "name")
	not tf.customer_key(g, ["kms_key_id"])
}

# Destination resources of the plan: through references, else by known name.
destination(r, key, _, typ, _) := {d | some d in tf.references[r][key]; tf.changes[d].type == typ} if tf.references[r][key]

destination(r, key, path, typ, attr) := {d |
	name := tf.value(r, path)
	some d in object.get(tf.by_type, typ, set())
	tf.value(d, [attr]) == name
} if not tf.references[r][key]
