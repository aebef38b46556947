# METADATA
# title: CloudTrail log files are encrypted with a customer-managed KMS key
# description: Every aws_cloudtrail sets kms_key_id to a customer-managed key (not empty, not an alias/aws/ key). A key unknown until apply (created in the same plan) passes.
# custom:
#   id: TF-CLOUDTRAIL-KMS
#   severity: medium
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.308(a)(1)(ii)(D)", "hipaa:164.308(a)(4)(ii)(A)", "hipaa:164.312(a)(2)(iv)", "hipaa:164.312(c)(1)", "hipaa:164.312(c)(2)", "hipaa:164.312(e)(2)(ii)", "gxp-part11:11.10(c)", "gxp-part11:11.30", "gxp-annex11:7.1"]
#   remediation: Create an aws_kms_key whose policy lets cloudtrail.amazonaws.com encrypt, and set kms_key_id = aws_kms_key.<name>.arn on the aws_cloudtrail.
#   kinds: [terraform]
package evident.checks.terraform.cloudtrail_kms

import data.evident.lib.terraform as tf

violation contains {
	"msg": sprintf("CloudTrail trail %s does not encrypt its log files with a customer-managed KMS key; set kms_key_id to an aws_kms_key ARN", [r]),
	"resource": r,
	"path": "after.kms_key_id",
} if {
	some r in tf.by_type.aws_cloudtrail
	not tf.customer_key(r, ["kms_key_id"])
}
