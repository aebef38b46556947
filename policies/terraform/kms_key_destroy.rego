# METADATA
# title: Plans do not destroy or disable KMS keys protecting regulated data
# description: |
#   Destroying (or replacing) an aws_kms_key schedules its deletion, which makes every record encrypted
#   with it unreadable (crypto-shredding). Keys that held regulated data (classified phi/gxp before the
#   change, or unclassified while treat_unclassified_as_regulated is on) must not be destroyed, live
#   keys must not be disabled (is_enabled = false), and deletion_window_in_days is at least
#   min_kms_deletion_window_days (default 30, the maximum).
# custom:
#   id: TF-KMS-KEY-DESTROY
#   severity: high
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.312(c)(1)", "gxp-part11:11.10(c)", "gxp-part11:11.30", "gxp-part11:11.70", "gxp-annex11:7.1", "gxp-annex11:17"]
#   remediation: Do not destroy keys that protect records; add lifecycle { prevent_destroy = true } to the aws_kms_key, keep is_enabled = true and set deletion_window_in_days = 30. Retire a key by disabling rotation use, not by deletion, after re-encrypting the data.
#   kinds: [terraform]
package evident.checks.terraform.kms_key_destroy

import data.evident.lib.terraform as tf

violation contains {
	"msg": sprintf("the plan destroys KMS key %s (actions %v), which schedules its deletion and makes data encrypted with it unreadable; keep the key (lifecycle prevent_destroy)", [k, tf.changes[k].change.actions]),
	"resource": k,
	"path": "change.actions",
} if {
	some k in tf.deleted_by_type.aws_kms_key
	tf.regulated_before(k)
}

violation contains {
	"msg": sprintf("KMS key %s is disabled (is_enabled = false); data encrypted with it cannot be read, set is_enabled = true", [k]),
	"resource": k,
	"path": "after.is_enabled",
} if {
	some k in tf.by_type.aws_kms_key
	tf.is_false(tf.value(k, ["is_enabled"]))
}

violation contains {
	"msg": sprintf("KMS key %s has a deletion window of %d days; set deletion_window_in_days to %d", [k, days, tf.min_kms_deletion_window_days]),
	"resource": k,
	"path": "after.deletion_window_in_days",
} if {
	some k in tf.by_type.aws_kms_key
	days := tf.value(k, ["deletion_window_in_days"])
	days < tf.min_kms_deletion_window_days
}
