# METADATA
# title: S3 bucket policy denies requests not made over TLS
# description: A regulated AWS::S3::Bucket has a bucket policy (supplementaryConfiguration.BucketPolicy.policyText, a JSON string) with a Deny statement for Principal "*" on its objects when aws:SecureTransport is false.
# custom:
#   id: CFG-S3-TLS-ONLY-POLICY
#   severity: medium
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.312(a)(2)(iv)", "hipaa:164.312(c)(1)", "hipaa:164.312(c)(2)", "hipaa:164.312(e)(1)", "hipaa:164.312(e)(2)(i)", "hipaa:164.312(e)(2)(ii)", "gxp-part11:11.10(c)", "gxp-part11:11.30", "gxp-annex11:5"]
#   remediation: 'Add to the bucket policy {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::<bucket>", "arn:aws:s3:::<bucket>/*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}}.'
#   kinds: [aws-config]
package evident.checks.aws_config.s3_tls_only_policy

import data.evident.lib.aws_config as cfg
import data.evident.lib.terraform as tf

violation contains {
	"msg": sprintf("S3 bucket %q %s; add a Deny statement for aws:SecureTransport = false", [cfg.name, problem]),
	"path": "supplementaryConfiguration.BucketPolicy.policyText",
} if {
	cfg.resource_type == "AWS::S3::Bucket"
	cfg.regulated
	some problem in problems
}

problems contains "has no bucket policy, so nothing denies plain-HTTP requests" if not cfg.supp(["BucketPolicy", "policyText"])

problems contains "has a bucket policy that does not deny plain-HTTP requests" if {
	doc := cfg.supp(["BucketPolicy", "policyText"])
	not tf.denies_insecure_transport(doc)
}
