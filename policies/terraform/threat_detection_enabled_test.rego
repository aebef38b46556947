package evident.checks.terraform.threat_detection_enabled_test

import data.evident.checks.terraform.threat_detection_enabled as check
import data.evident.lib.terraform_testing as t

detector := t.rcu("aws_guardduty_detector.main", "aws_guardduty_detector", {"enable": true}, {"id": true})

feature(name, status) := t.rcu(sprintf("aws_guardduty_detector_feature.f[%q]", [name]), "aws_guardduty_detector_feature", {"name": name, "status": status}, {"detector_id": true})

refs := {
	"aws_guardduty_detector_feature.f[\"EKS_AUDIT_LOGS\"]": {"detector_id": ["aws_guardduty_detector.main"]},
	"aws_guardduty_detector_feature.f[\"RUNTIME_MONITORING\"]": {"detector_id": ["aws_guardduty_detector.main"]},
}

hub := t.rc("aws_securityhub_account.this", "aws_securityhub_account", {"enable_default_standards": true})

test_bare_detector_fires_three_times if {
	count(check.violation) == 3 with input as t.plan([detector])
}

test_full_baseline_passes if {
	count(check.violation) == 0 with input as t.plan_refs([detector, feature("EKS_AUDIT_LOGS", "ENABLED"), feature("RUNTIME_MONITORING", "ENABLED"), hub], refs)
}

test_feature_disabled_fires if {
	vs := check.violation with input as t.plan_refs([detector, feature("EKS_AUDIT_LOGS", "ENABLED"), feature("RUNTIME_MONITORING", "DISABLED"), hub], refs)
	count(vs) == 1
	some v in vs
	contains(v.msg, "RUNTIME_MONITORING")
}

test_disabled_detector_fires if {
	d := t.rc("aws_guardduty_detector.main", "aws_guardduty_detector", {"enable": false, "datasources": [{"kubernetes": [{"audit_logs": [{"enable": true}]}]}]})
	count(check.violation) == 2 with input as t.plan([d, hub])
}
