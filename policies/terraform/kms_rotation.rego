# METADATA
# title: Customer-managed symmetric KMS keys rotate automatically
# description: Every aws_kms_key whose spec is SYMMETRIC_DEFAULT (the default) and usage ENCRYPT_DECRYPT sets enable_key_rotation = true. Asymmetric and HMAC keys cannot rotate and are skipped.
# custom:
#   id: TF-KMS-ROTATION
#   severity: medium
#   controls: ["hipaa:164.312(a)(2)(iv)", "gxp-part11:11.10(c)", "gxp-part11:11.30", "gxp-annex11:7.1"]
#   remediation: Set enable_key_rotation = true on the aws_kms_key (optionally rotation_period_in_days).
#   kinds: [terraform]
package evident.checks.terraform.kms_rotation

import data.evident.lib.terraform as tf

violation contains {
	"msg": sprintf("KMS key %s does not rotate automatically; set enable_key_rotation = true", [k]),
	"resource": k,
	"path": "after.enable_key_rotation",
} if {
	some k in tf.by_type.aws_kms_key
	symmetric(k)
	not tf.is_true(tf.value(k, ["enable_key_rotation"]))
	not tf.unknown(k, ["enable_key_rotation"])
}

symmetric(k) if {
	object.get(tf.after(k), "customer_master_key_spec", null) in {null, "SYMMETRIC_DEFAULT"}
	object.get(tf.after(k), "key_spec", null) in {null, "SYMMETRIC_DEFAULT"}
	object.get(tf.after(k), "key_usage", null) in {null, "ENCRYPT_DECRYPT"}
}
