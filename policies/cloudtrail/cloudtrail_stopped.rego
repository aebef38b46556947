# METADATA
# title: CloudTrail logging was stopped or a trail deleted
# description: |
#   A successful StopLogging or DeleteTrail call: the audit trail of every API call stops being
#   recorded. Failed calls (errorCode present) do not fire.
# custom:
#   id: CT-CLOUDTRAIL-STOPPED
#   severity: high
#   controls: ["hipaa:164.308(a)(1)(ii)(A)", "hipaa:164.308(a)(1)(ii)(D)", "hipaa:164.308(a)(3)(ii)(A)", "hipaa:164.308(a)(5)(ii)(C)", "hipaa:164.308(a)(6)(ii)", "hipaa:164.312(b)", "hipaa:164.312(e)(2)(i)", "gxp-part11:11.10(c)", "gxp-part11:11.10(e)", "gxp-part11:11.10(k)", "gxp-part11:11.300(d)", "gxp-annex11:1", "gxp-annex11:4.2", "gxp-annex11:9", "gxp-annex11:12.4", "gxp-annex11:13"]
#   remediation: "Restart logging (aws cloudtrail start-logging --name <trail>) or recreate the trail from infrastructure code, investigate who stopped it and why, and deny cloudtrail:StopLogging/DeleteTrail with an SCP outside break-glass."
#   kinds: [cloudtrail]
package evident.checks.cloudtrail.cloudtrail_stopped

import rego.v1

import data.evident.lib.cloudtrail as ct

violation contains {"msg": msg, "path": "eventName"} if {
	some r in ct.records
	ct.call(r, "cloudtrail.amazonaws.com", {"StopLogging", "DeleteTrail"})
	msg := sprintf("%s %s trail %q; restart logging or recreate the trail and investigate", [ct.describe(r), _did[ct.event_name(r)], object.get(ct.params(r), "name", "?")])
}

_did := {"StopLogging": "stopped logging of", "DeleteTrail": "deleted"}
