# METADATA
# title: S3 buckets have a public access block with all four flags on
# description: |
#   Each aws_s3_bucket has an aws_s3_bucket_public_access_block joined to it (through input.references,
#   or by bucket name) with block_public_acls, ignore_public_acls, block_public_policy and
#   restrict_public_buckets all true, unless the plan sets an aws_s3_account_public_access_block with
#   all four flags true (or data.evident.config.account_public_access_block says the account-level
#   block is on). Every public access block in the plan, bucket or account level, has all four flags
#   true. Flags unknown until apply pass.
# custom:
#   id: TF-S3-PUBLIC-ACCESS-BLOCK
#   severity: high
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.308(a)(3)(i)", "hipaa:164.308(a)(4)(i)", "hipaa:164.312(a)(1)", "gxp-part11:11.10(d)", "gxp-part11:11.10(g)", "gxp-part11:11.10(k)", "gxp-annex11:12.1"]
#   remediation: Add an aws_s3_bucket_public_access_block for each bucket (bucket = aws_s3_bucket.<name>.id) with block_public_acls, ignore_public_acls, block_public_policy and restrict_public_buckets = true, and set aws_s3_account_public_access_block with the same four flags in the account baseline.
#   kinds: [terraform]
package evident.checks.terraform.s3_public_access_block

import data.evident.lib.terraform as tf

flags := ["block_public_acls", "ignore_public_acls", "block_public_policy", "restrict_public_buckets"]

pab := "aws_s3_bucket_public_access_block"

violation contains {
	"msg": sprintf("S3 bucket %s has no aws_s3_bucket_public_access_block and the plan sets no account-level block; add one with all four flags true%s", [b, tf.unresolved_note(pab)]),
	"resource": b,
} if {
	some b in tf.by_type.aws_s3_bucket
	not tf.companions[[b, pab]]
	not account_block_on
}

violation contains {
	"msg": sprintf("%s sets %s to %v; set all four public access block flags to true", [r, f, shown(r, f)]),
	"resource": r,
	"path": sprintf("after.%s", [f]),
} if {
	some typ in [pab, "aws_s3_account_public_access_block"]
	some r in tf.by_type[typ]
	some f in flags
	not tf.is_true(tf.value(r, [f]))
	not tf.unknown(r, [f])
}

shown(r, f) := tf.value(r, [f])

default shown(_, _) := "null (false)"

account_block_on if tf.account_public_access_block == true

account_block_on if {
	some r in tf.by_type.aws_s3_account_public_access_block
	every f in flags {
		flag_on(r, f)
	}
}

flag_on(r, f) if tf.is_true(tf.value(r, [f]))

flag_on(r, f) if tf.unknown(r, [f])
