# METADATA
# title: CloudTrail trails validate log file integrity
# description: Every aws_cloudtrail sets enable_log_file_validation = true, so CloudTrail writes signed digest files that prove log files were not altered or deleted. A value unknown until apply passes.
# custom:
#   id: TF-CLOUDTRAIL-LOG-VALIDATION
#   severity: high
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.308(a)(1)(ii)(D)", "hipaa:164.308(a)(5)(ii)(C)", "hipaa:164.308(a)(6)(ii)", "hipaa:164.312(b)", "hipaa:164.312(c)(1)", "hipaa:164.312(c)(2)", "gxp-part11:11.10(a)", "gxp-part11:11.10(c)", "gxp-part11:11.10(e)", "gxp-part11:11.30", "gxp-annex11:9"]
#   remediation: Set enable_log_file_validation = true on the aws_cloudtrail and validate digests with `aws cloudtrail validate-logs` during audits.
#   kinds: [terraform]
package evident.checks.terraform.cloudtrail_log_validation

import data.evident.lib.terraform as tf

violation contains {
	"msg": sprintf("CloudTrail trail %s does not validate log file integrity; set enable_log_file_validation = true", [r]),
	"resource": r,
	"path": "after.enable_log_file_validation",
} if {
	some r in tf.by_type.aws_cloudtrail
	not tf.is_true(tf.value(r, ["enable_log_file_validation"]))
	not tf.unknown(r, ["enable_log_file_validation"])
}
