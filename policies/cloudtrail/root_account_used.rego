# METADATA
# title: The root user was used
# description: |
#   A successful API call or console sign-in by the root user (userIdentity.type Root), excluding
#   calls AWS services make on its behalf (userIdentity.invokedBy present) and AwsServiceEvent records.
#   Creating a root access key (CreateAccessKey by root without userName) is called out as critical.
#   Failed root sign-ins are reported by CT-CONSOLE-LOGIN-FAILURES.
# custom:
#   id: CT-ROOT-ACCOUNT-USED
#   severity: high
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.308(a)(1)(ii)(D)", "hipaa:164.308(a)(3)(i)", "hipaa:164.308(a)(3)(ii)(A)", "hipaa:164.308(a)(3)(ii)(B)", "hipaa:164.308(a)(4)(ii)(C)", "hipaa:164.308(a)(6)(i)", "hipaa:164.308(a)(6)(ii)", "hipaa:164.312(a)(2)(i)", "hipaa:164.312(d)", "gxp-part11:11.10(d)", "gxp-part11:11.10(g)", "gxp-part11:11.200(a)", "gxp-part11:11.300(d)", "gxp-annex11:13"]
#   remediation: "Stop using the root user: lock its credentials away with hardware MFA, delete any root access keys, perform the task with an IAM Identity Center role, and investigate the session if it was not a documented break-glass use."
#   kinds: [cloudtrail]
package evident.checks.cloudtrail.root_account_used

import rego.v1

import data.evident.lib.cloudtrail as ct

violation contains {"msg": msg, "path": "userIdentity.type"} if {
	some r in ct.records
	r.userIdentity.type == "Root"
	not _on_behalf(r)
	object.get(r, "eventType", "") != "AwsServiceEvent"
	ct.success(r)
	msg := sprintf("%s: the root user %s from %s%s; use a role instead, secure the root credentials and investigate if this was not a documented break-glass use", [ct.describe(r), _what(r), object.get(r, "sourceIPAddress", "?"), _key_note(r)])
}

# An AWS service acting for the root user. Console sessions record invokedBy signin.amazonaws.com:
# those are the root user's own actions.
_on_behalf(r) if {
	ct.present(r.userIdentity.invokedBy)
	not r.userIdentity.invokedBy in {"signin.amazonaws.com", "console.amazonaws.com"}
}

_what(r) := "signed in to the console" if {
	ct.event_name(r) == "ConsoleLogin"
} else := sprintf("called %s on %s", [r.eventName, object.get(r, "eventSource", "?")])

_key_note(r) := " - it CREATED A ROOT ACCESS KEY (critical): delete it now" if {
	ct.event_name(r) == "CreateAccessKey"
	not ct.present(ct.params(r).userName)
} else := ""
