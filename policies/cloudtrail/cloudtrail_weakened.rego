# METADATA
# title: A CloudTrail trail was weakened
# description: |
#   A successful UpdateTrail that turns off log-file integrity validation, multi-region coverage or
#   global service events, or removes the KMS key; or a PutEventSelectors that stops logging management
#   events (includeManagementEvents false, excluded management event sources, or advanced selectors of
#   which none selects the Management category).
# custom:
#   id: CT-CLOUDTRAIL-WEAKENED
#   severity: medium
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.308(a)(1)(ii)(D)", "hipaa:164.308(a)(3)(ii)(A)", "hipaa:164.308(a)(5)(ii)(C)", "hipaa:164.308(a)(6)(ii)", "hipaa:164.312(a)(2)(i)", "hipaa:164.312(b)", "hipaa:164.312(c)(1)", "hipaa:164.312(c)(2)", "hipaa:164.312(e)(2)(i)", "gxp-part11:11.10(a)", "gxp-part11:11.10(c)", "gxp-part11:11.10(e)", "gxp-part11:11.10(k)", "gxp-part11:11.30", "gxp-annex11:8.2", "gxp-annex11:9", "gxp-annex11:12.4"]
#   remediation: "Restore the trail's baseline (log-file validation, multi-region, KMS encryption, management events for all sources, the data events of regulated buckets) from infrastructure code and restrict cloudtrail:UpdateTrail/PutEventSelectors with an SCP."
#   kinds: [cloudtrail]
package evident.checks.cloudtrail.cloudtrail_weakened

import rego.v1

import data.evident.lib.cloudtrail as ct

violation contains {"msg": msg, "path": path} if {
	some r in ct.records
	ct.call(r, "cloudtrail.amazonaws.com", {"UpdateTrail"})
	p := ct.params(r)
	some field, what in _update_fields
	ct.falsy(p[field])
	path := sprintf("requestParameters.%s", [field])
	msg := sprintf("%s: trail %q %s; set %s back to true", [ct.describe(r), object.get(p, "name", "?"), what, field])
}

violation contains {"msg": msg, "path": "requestParameters.kmsKeyId"} if {
	some r in ct.records
	ct.call(r, "cloudtrail.amazonaws.com", {"UpdateTrail"})
	p := ct.params(r)
	p.kmsKeyId == ""
	msg := sprintf("%s removed the KMS key of trail %q, so log files are no longer encrypted with a customer-managed key; set kmsKeyId again", [ct.describe(r), object.get(p, "name", "?")])
}

violation contains {"msg": msg, "path": path} if {
	some r in ct.records
	ct.call(r, "cloudtrail.amazonaws.com", {"PutEventSelectors"})
	some i, s in ct.as_list(ct.params(r).eventSelectors)
	ct.falsy(s.includeManagementEvents)
	path := sprintf("requestParameters.eventSelectors[%d].includeManagementEvents", [i])
	msg := sprintf("%s stopped logging management events on trail %q; set includeManagementEvents to true", [ct.describe(r), _trail(r)])
}

violation contains {"msg": msg, "path": path} if {
	some r in ct.records
	ct.call(r, "cloudtrail.amazonaws.com", {"PutEventSelectors"})
	some i, s in ct.as_list(ct.params(r).eventSelectors)
	sources := ct.as_list(s.excludeManagementEventSources)
	count(sources) > 0
	path := sprintf("requestParameters.eventSelectors[%d].excludeManagementEventSources", [i])
	msg := sprintf("%s excluded the management events of %s from trail %q; remove excludeManagementEventSources", [ct.describe(r), concat(", ", sources), _trail(r)])
}

violation contains {"msg": msg, "path": "requestParameters.advancedEventSelectors"} if {
	some r in ct.records
	ct.call(r, "cloudtrail.amazonaws.com", {"PutEventSelectors"})
	selectors := ct.as_list(ct.params(r).advancedEventSelectors)
	count(selectors) > 0
	not _selects_management(selectors)
	msg := sprintf("%s replaced the selectors of trail %q with advanced selectors that log no management events; add a selector with eventCategory = Management", [ct.describe(r), _trail(r)])
}

_update_fields := {
	"enableLogFileValidation": "no longer validates log-file integrity",
	"isMultiRegionTrail": "no longer covers every region",
	"includeGlobalServiceEvents": "no longer logs global service events (IAM, STS)",
}

_trail(r) := object.get(ct.params(r), "trailName", "?")

_selects_management(selectors) if {
	some s in selectors
	some f in ct.as_list(s.fieldSelectors)
	f.field == "eventCategory"
	"Management" in f.equals
}
