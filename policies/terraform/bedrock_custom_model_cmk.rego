# METADATA
# title: Bedrock custom models and guardrails use customer-managed KMS keys
# description: Regulated aws_bedrock_custom_model resources (classified phi/gxp, or unclassified while treat_unclassified_as_regulated is on) set custom_model_kms_key_id, and aws_bedrock_guardrail resources set kms_key_arn, to customer-managed keys.
# custom:
#   id: TF-BEDROCK-CUSTOM-MODEL-CMK
#   severity: low
#   controls: ["hipaa:164.312(a)(2)(iv)", "gxp-part11:11.10(c)", "gxp-part11:11.30", "gxp-annex11:7.1"]
#   remediation: Set custom_model_kms_key_id on aws_bedrock_custom_model and kms_key_arn on aws_bedrock_guardrail to a customer-managed aws_kms_key ARN.
#   kinds: [terraform]
package evident.checks.terraform.bedrock_custom_model_cmk

import data.evident.lib.terraform as tf

violation contains {
	"msg": sprintf("%s is encrypted with an AWS-owned key; set %s to a customer-managed KMS key", [r, attr]),
	"resource": r,
	"path": sprintf("after.%s", [attr]),
} if {
	some typ, attr in {"aws_bedrock_custom_model": "custom_model_kms_key_id", "aws_bedrock_guardrail": "kms_key_arn"}
	some r in tf.by_type[typ]
	tf.regulated(r)
	not tf.customer_key(r, [attr])
}
