# METADATA
# title: CloudWatch log groups with audit data keep logs long enough
# description: |
#   Regulated log groups (classified phi/gxp, or unclassified while treat_unclassified_as_regulated is
#   on) keep events at least min_log_retention_days (default 365); retention_in_days 0 or unset means
#   never expire and passes. Align the value with the record-retention SOP (GxP often needs years).
# custom:
#   id: TF-CW-LOG-RETENTION
#   severity: medium
#   controls: ["hipaa:164.308(a)(1)(ii)(D)", "hipaa:164.312(b)", "gxp-part11:11.10(c)", "gxp-part11:11.10(e)", "gxp-annex11:9", "gxp-annex11:12.4"]
#   remediation: Set retention_in_days on the aws_cloudwatch_log_group to at least 365 (or the retention your record-retention SOP requires, e.g. 3653), and encrypt it with kms_key_id.
#   kinds: [terraform]
package evident.checks.terraform.cw_log_retention

import data.evident.lib.terraform as tf

violation contains {
	"msg": sprintf("log group %s (%s) keeps events only %d days; set retention_in_days to at least %d (or 0 to never expire)", [r, object.get(tf.after(r), "name", "unnamed"), days, tf.min_log_retention_days]),
	"resource": r,
	"path": "after.retention_in_days",
} if {
	some r in tf.by_type.aws_cloudwatch_log_group
	tf.regulated(r)
	days := tf.value(r, ["retention_in_days"])
	days > 0
	days < tf.min_log_retention_days
}
