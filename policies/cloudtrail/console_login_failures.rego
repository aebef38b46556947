# METADATA
# title: Failed console sign-in
# description: |
#   A failed ConsoleLogin (responseElements.ConsoleLogin "Failure", usually with errorMessage
#   "Failed authentication"). This check judges one event at a time: each failure is reported (severity
#   low); the threshold of the catalog (5 failures per user or source IP within 15 minutes) is applied by
#   whatever aggregates these findings (SIEM, scanner report), grouping on the user and source IP the
#   message names.
# custom:
#   id: CT-CONSOLE-LOGIN-FAILURES
#   severity: low
#   controls: ["hipaa:164.308(a)(1)(ii)(D)", "hipaa:164.308(a)(5)(ii)(C)", "hipaa:164.308(a)(6)(i)", "hipaa:164.308(a)(6)(ii)", "gxp-part11:11.300(d)", "gxp-annex11:13"]
#   remediation: "Investigate repeated failures for the same user or source IP: lock or reset the user if it is a guessing attack, block the source IP, and make sure MFA is enforced."
#   kinds: [cloudtrail]
package evident.checks.cloudtrail.console_login_failures

import rego.v1

import data.evident.lib.cloudtrail as ct

violation contains {"msg": msg, "path": "responseElements.ConsoleLogin"} if {
	some r in ct.records
	r.eventSource == "signin.amazonaws.com"
	ct.event_name(r) == "ConsoleLogin"
	ct.response(r).ConsoleLogin == "Failure"
	msg := sprintf("%s: failed console sign-in for %s from %s (%s); alert when the same user or source IP fails repeatedly (5 within 15 minutes)", [ct.describe(r), _who(r), object.get(r, "sourceIPAddress", "?"), object.get(r, "errorMessage", "no reason recorded")])
}

_who(r) := "the root user" if {
	r.userIdentity.type == "Root"
} else := sprintf("%q", [r.userIdentity.userName]) if {
	ct.present(r.userIdentity.userName)
} else := sprintf("%q", [r.additionalEventData.UserName]) if {
	ct.present(r.additionalEventData.UserName)
} else := ct.actor(r)
