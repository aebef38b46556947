# METADATA
# title: S3 buckets holding regulated data use SSE-KMS with a customer-managed key
# description: |
#   Every regulated bucket (classified phi/gxp, or unclassified while treat_unclassified_as_regulated
#   is on) has default encryption aws:kms or aws:kms:dsse with a customer-managed key, set by an
#   aws_s3_bucket_server_side_encryption_configuration joined to it (modules, count and for_each
#   followed through input.references) or by the deprecated inline block. A missing configuration
#   means SSE-S3 (AES256), which is not enough. Keys unknown until apply pass.
# custom:
#   id: TF-S3-SSE-KMS
#   severity: high
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.308(a)(4)(ii)(A)", "hipaa:164.312(a)(2)(iv)", "hipaa:164.312(c)(1)", "hipaa:164.312(c)(2)", "hipaa:164.312(e)(2)(ii)", "gxp-part11:11.10(c)", "gxp-part11:11.30", "gxp-annex11:7.1"]
#   remediation: Add an aws_s3_bucket_server_side_encryption_configuration for the bucket with rule.apply_server_side_encryption_by_default.sse_algorithm = "aws:kms" and kms_master_key_id set to a customer-managed aws_kms_key (not alias/aws/s3).
#   kinds: [terraform]
package evident.checks.terraform.s3_sse_kms

import data.evident.lib.terraform as tf

# No default-encryption configuration at all: neither a split resource nor a known inline block.
violation contains {
	"msg": sprintf("S3 bucket %s has no SSE-KMS default encryption (S3 falls back to SSE-S3/AES256); add an aws_s3_bucket_server_side_encryption_configuration with sse_algorithm \"aws:kms\" and a customer-managed key%s", [b, tf.unresolved_note(tf.sse_type)]),
	"resource": b,
	"path": "after.server_side_encryption_configuration",
} if {
	some b in tf.by_type.aws_s3_bucket
	tf.regulated(b)
	not tf.companions[[b, tf.sse_type]]
	not inline_rules(b)
}

# A split resource (or the inline block) with an algorithm other than aws:kms / aws:kms:dsse.
violation contains {
	"msg": sprintf("S3 bucket %s is encrypted with %q by %s; set sse_algorithm to \"aws:kms\" (or \"aws:kms:dsse\") with a customer-managed key", [b, alg, r]),
	"resource": r,
	"path": tf.path_string(array.concat(["after"], path)),
} if {
	some [b, r, path] in settings
	alg := tf.value(r, path)
	not alg in tf.kms_algorithms
}

# aws:kms without a customer-managed key (empty = the AWS-managed aws/s3 key).
violation contains {
	"msg": sprintf("S3 bucket %s uses SSE-KMS with the AWS-managed key (kms_master_key_id %s) in %s; set kms_master_key_id to a customer-managed aws_kms_key", [b, key_desc(r, kpath), r]),
	"resource": r,
	"path": tf.path_string(array.concat(["after"], kpath)),
} if {
	some [b, r, path] in settings
	tf.value(r, path) in tf.kms_algorithms
	kpath := array.concat(array.slice(path, 0, count(path) - 1), ["kms_master_key_id"])
	not tf.customer_key(r, kpath)
}

key_desc(r, kpath) := sprintf("%q", [tf.value(r, kpath)])

default key_desc(_, _) := "empty"

# [bucket, resource, path of sse_algorithm] of each default-encryption rule that applies to a
# regulated bucket: the joined split resources, else the inline block.
settings contains [b, c, ["rule", i, "apply_server_side_encryption_by_default", j, "sse_algorithm"]] if {
	some b in tf.by_type.aws_s3_bucket
	tf.regulated(b)
	some c in tf.companions[[b, tf.sse_type]]
	some i, rule in tf.after(c).rule
	some j, _ in rule.apply_server_side_encryption_by_default
}

settings contains [b, b, ["server_side_encryption_configuration", k, "rule", i, "apply_server_side_encryption_by_default", j, "sse_algorithm"]] if {
	some b in tf.by_type.aws_s3_bucket
	tf.regulated(b)
	not tf.companions[[b, tf.sse_type]]
	some k, conf in tf.after(b).server_side_encryption_configuration
	some i, rule in conf.rule
	some j, _ in rule.apply_server_side_encryption_by_default
}

inline_rules(b) if {
	some conf in tf.after(b).server_side_encryption_configuration
	some rule in conf.rule
	count(rule.apply_server_side_encryption_by_default) > 0
}
