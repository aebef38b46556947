# METADATA
# title: ECR repositories use immutable tags and KMS encryption
# description: Every aws_ecr_repository sets image_tag_mutability = "IMMUTABLE" (or IMMUTABLE_WITH_EXCLUSION; the default is MUTABLE), so a validated image tag always names the same image, and encryption_configuration.encryption_type = "KMS".
# custom:
#   id: TF-ECR-TAG-IMMUTABLE
#   severity: medium
#   controls: ["gxp-part11:11.10(a)", "gxp-part11:11.10(k)", "gxp-annex11:4.2", "gxp-annex11:10"]
#   remediation: Set image_tag_mutability = "IMMUTABLE" and encryption_configuration { encryption_type = "KMS", kms_key = aws_kms_key.<name>.arn }; deploy by digest.
#   kinds: [terraform]
package evident.checks.terraform.ecr_tag_immutable

import data.evident.lib.terraform as tf

violation contains {
	"msg": sprintf("ECR repository %s has mutable tags (%s), so a validated tag can be moved to another image; set image_tag_mutability = \"IMMUTABLE\"", [r, m]),
	"resource": r,
	"path": "after.image_tag_mutability",
} if {
	some r in tf.by_type.aws_ecr_repository
	not tf.unknown(r, ["image_tag_mutability"])
	m := object.get(tf.after(r), "image_tag_mutability", "MUTABLE")
	not startswith(m, "IMMUTABLE")
}

violation contains {
	"msg": sprintf("ECR repository %s is not encrypted with KMS; set encryption_configuration.encryption_type = \"KMS\"", [r]),
	"resource": r,
	"path": "after.encryption_configuration[0].encryption_type",
} if {
	some r in tf.by_type.aws_ecr_repository
	not tf.unknown(r, ["encryption_configuration"])
	object.get(tf.after(r), ["encryption_configuration", 0, "encryption_type"], "AES256") != "KMS"
}
