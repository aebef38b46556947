# METADATA
# title: S3 bucket policies deny requests not made over TLS
# description: |
#   Every regulated bucket has a bucket policy (an aws_s3_bucket_policy joined to it, or the deprecated
#   inline policy) with a Deny statement for Principal "*" on the bucket's objects when
#   aws:SecureTransport is false. A policy unknown until apply passes.
# custom:
#   id: TF-S3-TLS-ONLY-POLICY
#   severity: medium
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.312(a)(2)(iv)", "hipaa:164.312(c)(1)", "hipaa:164.312(c)(2)", "hipaa:164.312(e)(1)", "hipaa:164.312(e)(2)(i)", "hipaa:164.312(e)(2)(ii)", "gxp-part11:11.10(c)", "gxp-part11:11.30", "gxp-annex11:5"]
#   remediation: 'Add to the bucket''s aws_s3_bucket_policy a statement {Effect = "Deny", Principal = "*", Action = "s3:*", Resource = [bucket ARN, "<bucket ARN>/*"], Condition = {Bool = {"aws:SecureTransport" = "false"}}}.'
#   kinds: [terraform]
package evident.checks.terraform.s3_tls_only_policy

import data.evident.lib.terraform as tf

bp := "aws_s3_bucket_policy"

violation contains {
	"msg": sprintf("S3 bucket %s has no bucket policy, so nothing denies plain-HTTP requests; add an aws_s3_bucket_policy that denies aws:SecureTransport = false%s", [b, tf.unresolved_note(bp)]),
	"resource": b,
} if {
	some b in tf.by_type.aws_s3_bucket
	tf.regulated(b)
	not tf.companions[[b, bp]]
	not tf.value(b, ["policy"])
	not tf.unknown(b, ["policy"])
}

violation contains {
	"msg": sprintf("the policy of S3 bucket %s (%s) has no Deny statement for aws:SecureTransport = false on its objects; add one", [b, r]),
	"resource": r,
	"path": "after.policy",
} if {
	some b in tf.by_type.aws_s3_bucket
	tf.regulated(b)
	some r in policies(b)
	doc := tf.value(r, ["policy"])
	tf.non_empty(doc)
	not tf.denies_insecure_transport(doc)
}

policies(b) := tf.companions[[b, bp]]

policies(b) := {b} if not tf.companions[[b, bp]]
