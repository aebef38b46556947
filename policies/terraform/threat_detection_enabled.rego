# METADATA
# title: GuardDuty runs with EKS protection, and Security Hub is on
# description: |
#   Every aws_guardduty_detector is enabled (enable not false) and has EKS_AUDIT_LOGS and
#   RUNTIME_MONITORING (or EKS_RUNTIME_MONITORING) features ENABLED through
#   aws_guardduty_detector_feature resources joined to it (detector_id through input.references or the
#   known detector id), or for EKS audit logs the deprecated datasources.kubernetes.audit_logs block.
#   A plan that manages a detector (the account's security baseline) also enables Security Hub
#   (aws_securityhub_account).
# custom:
#   id: TF-THREAT-DETECTION-ENABLED
#   severity: high
#   controls: ["hipaa:164.308(a)(1)(ii)(A)", "hipaa:164.308(a)(1)(ii)(D)", "hipaa:164.308(a)(3)(ii)(A)", "hipaa:164.308(a)(5)(ii)(C)", "hipaa:164.308(a)(6)(i)", "hipaa:164.308(a)(6)(ii)", "hipaa:164.308(a)(8)", "hipaa:164.312(b)", "hipaa:164.312(e)(2)(i)", "gxp-part11:11.300(d)", "gxp-annex11:1", "gxp-annex11:13"]
#   remediation: Set enable = true on aws_guardduty_detector, add aws_guardduty_detector_feature resources for EKS_AUDIT_LOGS and RUNTIME_MONITORING (additional_configuration EKS_ADDON_MANAGEMENT = ENABLED) with status = "ENABLED", and add aws_securityhub_account to the baseline.
#   kinds: [terraform]
package evident.checks.terraform.threat_detection_enabled

import data.evident.lib.terraform as tf

feat := "aws_guardduty_detector_feature"

required_features := {
	"EKS_AUDIT_LOGS": {"EKS_AUDIT_LOGS"},
	"RUNTIME_MONITORING": {"RUNTIME_MONITORING", "EKS_RUNTIME_MONITORING"},
}

violation contains {
	"msg": sprintf("GuardDuty detector %s is disabled; set enable = true", [d]),
	"resource": d,
	"path": "after.enable",
} if {
	some d in tf.by_type.aws_guardduty_detector
	tf.is_false(tf.value(d, ["enable"]))
}

violation contains {
	"msg": sprintf("GuardDuty detector %s does not enable %s; add an aws_guardduty_detector_feature with name = %q and status = \"ENABLED\"%s", [d, want, want, tf.unresolved_note(feat)]),
	"resource": d,
} if {
	some d in tf.by_type.aws_guardduty_detector
	some want, names in required_features
	not feature_on(d, names)
}

violation contains {
	"msg": sprintf("the plan manages GuardDuty detector %s but does not enable Security Hub; add aws_securityhub_account", [d]),
	"resource": d,
} if {
	count(object.get(tf.by_type, "aws_securityhub_account", set())) == 0
	some d in tf.by_type.aws_guardduty_detector
}

feature_on(d, names) if {
	some f in tf.companions[[d, feat]]
	tf.value(f, ["name"]) in names
	status_on(f)
}

feature_on(d, names) if {
	"EKS_AUDIT_LOGS" in names
	tf.is_true(tf.value(d, ["datasources", 0, "kubernetes", 0, "audit_logs", 0, "enable"]))
}

status_on(f) if tf.value(f, ["status"]) == "ENABLED"

status_on(f) if tf.unknown(f, ["status"])
