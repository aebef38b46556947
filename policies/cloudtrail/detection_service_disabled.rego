# METADATA
# title: GuardDuty or Security Hub was disabled or findings suppressed
# description: |
#   A successful call that blinds threat detection: GuardDuty DeleteDetector or UpdateDetector with
#   enable false, CreateIPSet/UpdateIPSet (trusted IPs are never alerted on), CreateFilter/UpdateFilter
#   with the ARCHIVE action (auto-archiving findings); Security Hub DisableSecurityHub,
#   BatchDisableStandards, or BatchUpdateFindings setting the workflow status to SUPPRESSED.
# custom:
#   id: CT-DETECTION-SERVICE-DISABLED
#   severity: high
#   controls: ["hipaa:164.308(a)(1)(ii)(A)", "hipaa:164.308(a)(1)(ii)(D)", "hipaa:164.308(a)(3)(ii)(A)", "hipaa:164.308(a)(5)(ii)(C)", "hipaa:164.308(a)(6)(i)", "hipaa:164.308(a)(6)(ii)", "hipaa:164.308(a)(8)", "hipaa:164.312(b)", "hipaa:164.312(e)(2)(i)", "gxp-part11:11.300(d)", "gxp-annex11:1", "gxp-annex11:13"]
#   remediation: "Re-enable the detector / Security Hub and its standards from infrastructure code, remove trusted IP sets and archive filters that were not approved, un-suppress the findings, and deny these actions with an SCP outside the security team."
#   kinds: [cloudtrail]
package evident.checks.cloudtrail.detection_service_disabled

import rego.v1

import data.evident.lib.cloudtrail as ct

violation contains {"msg": msg, "path": path} if {
	some r in ct.records
	ct.success(r)
	some path, what in _blinded(r)
	msg := sprintf("%s %s; restore detection and review the change with the security team", [ct.describe(r), what])
}

_blinded(r) := {"eventName": "deleted the GuardDuty detector"} if {
	ct.call(r, "guardduty.amazonaws.com", {"DeleteDetector"})
}

_blinded(r) := {"requestParameters.enable": "disabled the GuardDuty detector"} if {
	ct.call(r, "guardduty.amazonaws.com", {"UpdateDetector"})
	ct.falsy(ct.params(r).enable)
}

_blinded(r) := {"eventName": "changed a GuardDuty trusted IP set (traffic from it is never alerted on)"} if {
	ct.call(r, "guardduty.amazonaws.com", {"CreateIPSet", "UpdateIPSet"})
}

_blinded(r) := {"requestParameters.action": "created a GuardDuty filter that auto-archives findings"} if {
	ct.call(r, "guardduty.amazonaws.com", {"CreateFilter", "UpdateFilter"})
	upper(ct.params(r).action) == "ARCHIVE"
}

_blinded(r) := {"eventName": "disabled Security Hub"} if {
	ct.call(r, "securityhub.amazonaws.com", {"DisableSecurityHub"})
}

_blinded(r) := {"eventName": "disabled Security Hub standards"} if {
	ct.call(r, "securityhub.amazonaws.com", {"BatchDisableStandards"})
}

_blinded(r) := {"requestParameters.workflow.status": "suppressed Security Hub findings"} if {
	ct.call(r, "securityhub.amazonaws.com", {"BatchUpdateFindings"})
	p := ct.params(r)
	upper(object.get(p, ["workflow", "status"], object.get(p, ["workflow", "Status"], object.get(p, ["Workflow", "Status"], "")))) == "SUPPRESSED"
}
