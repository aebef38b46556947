# METADATA
# title: S3 bucket default encryption is SSE-KMS with a customer-managed key
# description: |
#   A regulated AWS::S3::Bucket (tagged phi/gxp, or unclassified while treat_unclassified_as_regulated
#   is on) has a default-encryption rule (supplementaryConfiguration.ServerSideEncryptionConfiguration)
#   with sseAlgorithm aws:kms or aws:kms:dsse and a kmsMasterKeyID that is not the AWS-managed aws/s3
#   key. Without a rule S3 uses SSE-S3 (AES256).
# custom:
#   id: CFG-S3-SSE-KMS
#   severity: high
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.308(a)(4)(ii)(A)", "hipaa:164.312(a)(2)(iv)", "hipaa:164.312(c)(1)", "hipaa:164.312(c)(2)", "hipaa:164.312(e)(2)(ii)", "gxp-part11:11.10(c)", "gxp-part11:11.30", "gxp-annex11:7.1"]
#   remediation: Set the bucket's default encryption to SSE-KMS with a customer-managed key (aws s3api put-bucket-encryption, or aws_s3_bucket_server_side_encryption_configuration in Terraform) and enable S3 Bucket Keys.
#   kinds: [aws-config]
package evident.checks.aws_config.s3_sse_kms

import data.evident.lib.aws_config as cfg
import data.evident.lib.terraform as tf

violation contains {
	"msg": sprintf("S3 bucket %q %s; use SSE-KMS with a customer-managed key", [cfg.name, problem]),
	"path": "supplementaryConfiguration.ServerSideEncryptionConfiguration.rules",
} if {
	cfg.resource_type == "AWS::S3::Bucket"
	cfg.regulated
	not compliant
	problem := describe
}

defaults contains d if {
	some r in cfg.as_array(cfg.supp(["ServerSideEncryptionConfiguration", "rules"]))
	d := cfg.field(r, "applyServerSideEncryptionByDefault")
	is_object(d)
}

compliant if {
	some d in defaults
	cfg.field(d, "sseAlgorithm") in tf.kms_algorithms
	cfg.customer_key(cfg.field(d, "kmsMasterKeyID"))
}

describe := "has no default encryption rule (S3 falls back to SSE-S3/AES256)" if count(defaults) == 0

describe := sprintf("encrypts with %v", [algs]) if {
	count(defaults) > 0
	algs := [a | some d in defaults; a := cfg.field(d, "sseAlgorithm")]
	every a in algs {
		not a in tf.kms_algorithms
	}
}

describe := "uses SSE-KMS with the AWS-managed aws/s3 key" if {
	some d in defaults
	cfg.field(d, "sseAlgorithm") in tf.kms_algorithms
}
