# METADATA
# title: S3 buckets holding regulated records are versioned
# description: |
#   Every regulated bucket has versioning Enabled: an aws_s3_bucket_versioning joined to it (through
#   input.references, or by bucket name) with versioning_configuration.status "Enabled", or, when no
#   such resource joins, the deprecated inline versioning block with enabled = true. A status unknown
#   until apply passes.
# custom:
#   id: TF-S3-VERSIONING
#   severity: medium
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.308(a)(7)(i)", "hipaa:164.308(a)(7)(ii)(A)", "hipaa:164.308(a)(7)(ii)(B)", "hipaa:164.308(a)(7)(ii)(C)", "hipaa:164.310(d)(2)(iv)", "hipaa:164.312(a)(2)(ii)", "hipaa:164.312(c)(1)", "hipaa:164.312(c)(2)", "gxp-part11:11.10", "gxp-part11:11.10(a)", "gxp-part11:11.10(c)", "gxp-part11:11.10(e)", "gxp-annex11:4.8", "gxp-annex11:5", "gxp-annex11:7.1", "gxp-annex11:7.2", "gxp-annex11:16", "gxp-annex11:17"]
#   remediation: Add an aws_s3_bucket_versioning for the bucket (bucket = aws_s3_bucket.<name>.id) with versioning_configuration { status = "Enabled" }; consider mfa_delete for GxP record stores.
#   kinds: [terraform]
package evident.checks.terraform.s3_versioning

import data.evident.lib.terraform as tf

ver := "aws_s3_bucket_versioning"

violation contains {
	"msg": sprintf("S3 bucket %s is not versioned: no aws_s3_bucket_versioning joins to it and no inline versioning is enabled; add aws_s3_bucket_versioning with status \"Enabled\"%s", [b, tf.unresolved_note(ver)]),
	"resource": b,
	"path": "after.versioning[0].enabled",
} if {
	some b in tf.by_type.aws_s3_bucket
	tf.regulated(b)
	not tf.companions[[b, ver]]
	not tf.is_true(tf.value(b, ["versioning", 0, "enabled"]))
}

violation contains {
	"msg": sprintf("versioning of S3 bucket %s is %q in %s; set versioning_configuration.status to \"Enabled\"", [b, status(c), c]),
	"resource": c,
	"path": "after.versioning_configuration[0].status",
} if {
	some b in tf.by_type.aws_s3_bucket
	tf.regulated(b)
	some c in tf.companions[[b, ver]]
	not tf.unknown(c, ["versioning_configuration", 0, "status"])
	status(c) != "Enabled"
}

default status(_) := "unset"

status(c) := tf.value(c, ["versioning_configuration", 0, "status"])
