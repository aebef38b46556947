# METADATA
# title: S3 bucket versioning is Enabled
# description: A regulated AWS::S3::Bucket has supplementaryConfiguration.BucketVersioningConfiguration.status "Enabled" (not Off or Suspended); MFA delete is recommended for GxP record stores.
# custom:
#   id: CFG-S3-VERSIONING
#   severity: medium
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.308(a)(7)(i)", "hipaa:164.308(a)(7)(ii)(A)", "hipaa:164.308(a)(7)(ii)(B)", "hipaa:164.308(a)(7)(ii)(C)", "hipaa:164.310(d)(2)(iv)", "hipaa:164.312(a)(2)(ii)", "hipaa:164.312(c)(1)", "hipaa:164.312(c)(2)", "gxp-part11:11.10", "gxp-part11:11.10(a)", "gxp-part11:11.10(c)", "gxp-part11:11.10(e)", "gxp-annex11:4.8", "gxp-annex11:5", "gxp-annex11:7.1", "gxp-annex11:7.2", "gxp-annex11:16", "gxp-annex11:17"]
#   remediation: Enable versioning on the bucket (aws s3api put-bucket-versioning --versioning-configuration Status=Enabled, or aws_s3_bucket_versioning in Terraform).
#   kinds: [aws-config]
package evident.checks.aws_config.s3_versioning

import data.evident.lib.aws_config as cfg

violation contains {
	"msg": sprintf("S3 bucket %q is not versioned (status %q); enable versioning", [cfg.name, status]),
	"path": "supplementaryConfiguration.BucketVersioningConfiguration.status",
} if {
	cfg.resource_type == "AWS::S3::Bucket"
	cfg.regulated
	status != "Enabled"
}

default status := "Off"

status := cfg.supp(["BucketVersioningConfiguration", "status"])
