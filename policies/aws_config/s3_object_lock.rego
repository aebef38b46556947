# METADATA
# title: GxP record buckets have Object Lock with a default retention
# description: An AWS::S3::Bucket tagged as a GxP record store (gxp_record_tag, default "gxp-record", = "true") has supplementaryConfiguration.ObjectLockConfiguration.objectLockEnabled "Enabled" and a rule.defaultRetention with a mode and days or years.
# custom:
#   id: CFG-S3-OBJECT-LOCK
#   severity: medium
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.312(c)(1)", "gxp-part11:11.10(a)", "gxp-part11:11.10(c)", "gxp-part11:11.70", "gxp-annex11:7.1", "gxp-annex11:17"]
#   remediation: Object Lock can only be enabled on a versioned bucket; enable it (aws s3api put-object-lock-configuration) with a default retention in COMPLIANCE (or GOVERNANCE) mode for the record-retention period, or migrate records to a new Object Lock bucket.
#   kinds: [aws-config]
package evident.checks.aws_config.s3_object_lock

import data.evident.lib.aws_config as cfg

violation contains {
	"msg": sprintf("GxP record bucket %q does not have Object Lock enabled; enable Object Lock with a default retention", [cfg.name]),
	"path": "supplementaryConfiguration.ObjectLockConfiguration.objectLockEnabled",
} if {
	cfg.resource_type == "AWS::S3::Bucket"
	cfg.gxp_record
	not cfg.supp(["ObjectLockConfiguration", "objectLockEnabled"]) == "Enabled"
}

violation contains {
	"msg": sprintf("GxP record bucket %q has Object Lock without a default retention; set rule.defaultRetention (mode and days or years)", [cfg.name]),
	"path": "supplementaryConfiguration.ObjectLockConfiguration.rule.defaultRetention",
} if {
	cfg.resource_type == "AWS::S3::Bucket"
	cfg.gxp_record
	cfg.supp(["ObjectLockConfiguration", "objectLockEnabled"]) == "Enabled"
	not retention
}

retention if {
	d := cfg.supp(["ObjectLockConfiguration", "rule", "defaultRetention"])
	cfg.non_empty(cfg.field(d, "mode"))
	some p in ["days", "years"]
	cfg.field(d, p) > 0
}
