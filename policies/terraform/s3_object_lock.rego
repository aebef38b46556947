# METADATA
# title: GxP record buckets use Object Lock with a default retention
# description: |
#   Buckets tagged as GxP record stores (tags_all[gxp_record_tag], default "gxp-record", = "true") have
#   object_lock_enabled = true (or the deprecated inline object_lock_configuration.object_lock_enabled
#   "Enabled") and a default retention (mode and days or years) set by an
#   aws_s3_bucket_object_lock_configuration joined to the bucket or by the inline block.
# custom:
#   id: TF-S3-OBJECT-LOCK
#   severity: medium
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.312(c)(1)", "gxp-part11:11.10(a)", "gxp-part11:11.10(c)", "gxp-part11:11.70", "gxp-annex11:7.1", "gxp-annex11:17"]
#   remediation: Create the bucket with object_lock_enabled = true and add an aws_s3_bucket_object_lock_configuration with rule { default_retention { mode = "COMPLIANCE" (or "GOVERNANCE"), days/years = the record retention period } }; Object Lock also needs versioning.
#   kinds: [terraform]
package evident.checks.terraform.s3_object_lock

import data.evident.lib.terraform as tf

olc := "aws_s3_bucket_object_lock_configuration"

violation contains {
	"msg": sprintf("GxP record bucket %s does not enable Object Lock; set object_lock_enabled = true when creating the bucket", [b]),
	"resource": b,
	"path": "after.object_lock_enabled",
} if {
	some b in tf.by_type.aws_s3_bucket
	tf.gxp_record(b)
	not lock_enabled(b)
}

violation contains {
	"msg": sprintf("GxP record bucket %s has no Object Lock default retention; add an aws_s3_bucket_object_lock_configuration with rule.default_retention (mode and days or years)%s", [b, tf.unresolved_note(olc)]),
	"resource": b,
} if {
	some b in tf.by_type.aws_s3_bucket
	tf.gxp_record(b)
	not default_retention(b)
}

lock_enabled(b) if tf.is_true(tf.value(b, ["object_lock_enabled"]))

lock_enabled(b) if tf.unknown(b, ["object_lock_enabled"])

lock_enabled(b) if tf.is_enabled(tf.value(b, ["object_lock_configuration", 0, "object_lock_enabled"]))

# A default retention with a mode and a period, in a joined split resource or the inline block.
default_retention(b) if {
	some c in tf.companions[[b, olc]]
	retention_rule(tf.after(c))
}

default_retention(b) if {
	some c in tf.companions[[b, olc]]
	tf.unknown(c, ["rule"])
}

default_retention(b) if {
	some conf in tf.after(b).object_lock_configuration
	retention_rule(conf)
}

retention_rule(conf) if {
	some rule in conf.rule
	some d in rule.default_retention
	tf.non_empty(d.mode)
	period(d)
}

period(d) if d.days > 0

period(d) if d.years > 0
