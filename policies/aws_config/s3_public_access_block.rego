# METADATA
# title: S3 Block Public Access is on at bucket and account level
# description: |
#   AWS::S3::Bucket items have supplementaryConfiguration.PublicAccessBlockConfiguration with
#   blockPublicAcls, ignorePublicAcls, blockPublicPolicy and restrictPublicBuckets all true, unless the
#   account-level block is known to be on (data.evident.config.account_public_access_block); an
#   AWS::S3::AccountPublicAccessBlock item has all four flags true.
# custom:
#   id: CFG-S3-PUBLIC-ACCESS-BLOCK
#   severity: high
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.308(a)(3)(i)", "hipaa:164.308(a)(4)(i)", "hipaa:164.312(a)(1)", "gxp-part11:11.10(d)", "gxp-part11:11.10(g)", "gxp-part11:11.10(k)", "gxp-annex11:12.1"]
#   remediation: Turn on all four Block Public Access settings for the account (aws s3control put-public-access-block) and for the bucket (aws s3api put-public-access-block).
#   kinds: [aws-config]
package evident.checks.aws_config.s3_public_access_block

import data.evident.lib.aws_config as cfg
import data.evident.lib.terraform as tf

flags := ["blockPublicAcls", "ignorePublicAcls", "blockPublicPolicy", "restrictPublicBuckets"]

violation contains {
	"msg": sprintf("S3 bucket %q has no public access block and the account-level block is not known to be on; turn on all four Block Public Access flags", [cfg.name]),
	"path": "supplementaryConfiguration.PublicAccessBlockConfiguration",
} if {
	cfg.resource_type == "AWS::S3::Bucket"
	tf.account_public_access_block != true
	not is_object(cfg.supp(["PublicAccessBlockConfiguration"]))
}

violation contains {
	"msg": sprintf("S3 bucket %q does not turn on %s in its public access block and the account-level block is not known to be on; set all four flags to true", [cfg.name, f]),
	"path": sprintf("supplementaryConfiguration.PublicAccessBlockConfiguration.%s", [f]),
} if {
	cfg.resource_type == "AWS::S3::Bucket"
	tf.account_public_access_block != true
	block := cfg.supp(["PublicAccessBlockConfiguration"])
	is_object(block)
	some f in flags
	not cfg.is_true(cfg.field(block, f))
}

violation contains {
	"msg": sprintf("the account-level S3 public access block of account %s does not turn on %s; set all four flags to true", [object.get(cfg.ci, "accountId", "?"), f]),
	"path": sprintf("configuration.%s", [f]),
} if {
	cfg.resource_type == "AWS::S3::AccountPublicAccessBlock"
	some f in flags
	not cfg.is_true(cfg.conf([f]))
}
