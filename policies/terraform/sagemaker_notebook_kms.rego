# METADATA
# title: SageMaker notebook volumes use a customer-managed KMS key
# description: Every aws_sagemaker_notebook_instance sets kms_key_id to a customer-managed key (a key unknown until apply passes).
# custom:
#   id: TF-SAGEMAKER-NOTEBOOK-KMS
#   severity: high
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.308(a)(4)(ii)(A)", "hipaa:164.312(a)(2)(iv)", "hipaa:164.312(e)(2)(ii)", "gxp-part11:11.10(c)", "gxp-part11:11.30", "gxp-annex11:7.1"]
#   remediation: Set kms_key_id = aws_kms_key.<name>.arn (or key id) on the notebook instance.
#   kinds: [terraform]
package evident.checks.terraform.sagemaker_notebook_kms

import data.evident.lib.terraform as tf

violation contains {
	"msg": sprintf("SageMaker notebook %s stores its volume without a customer-managed KMS key; set kms_key_id", [r]),
	"resource": r,
	"path": "after.kms_key_id",
} if {
	some r in tf.by_type.aws_sagemaker_notebook_instance
	not tf.customer_key(r, ["kms_key_id"])
}
