# METADATA
# title: Console sign-in without MFA
# description: |
#   A successful ConsoleLogin by an IAM user or the root user with additionalEventData.MFAUsed "No"
#   (any case). Federated sign-ins (SAML provider present, IAM Identity Center AWSReservedSSO roles) are
#   excluded: MFA is enforced by the identity provider.
# custom:
#   id: CT-CONSOLE-LOGIN-WITHOUT-MFA
#   severity: high
#   controls: ["hipaa:164.308(a)(3)(ii)(A)", "hipaa:164.312(a)(1)", "hipaa:164.312(d)", "gxp-part11:11.10(d)", "gxp-part11:11.10(g)", "gxp-part11:11.200(a)", "gxp-annex11:12.1"]
#   remediation: "Require MFA for the user (an IAM policy denying everything without aws:MultiFactorAuthPresent, and a registered hardware or virtual MFA device), or better move people to IAM Identity Center with MFA at the identity provider."
#   kinds: [cloudtrail]
package evident.checks.cloudtrail.console_login_without_mfa

import rego.v1

import data.evident.lib.cloudtrail as ct

violation contains {"msg": msg, "path": "additionalEventData.MFAUsed"} if {
	some r in ct.records
	r.eventSource == "signin.amazonaws.com"
	ct.event_name(r) == "ConsoleLogin"
	ct.response(r).ConsoleLogin == "Success"
	ct.success(r)
	lower(r.additionalEventData.MFAUsed) == "no"
	r.userIdentity.type in {"IAMUser", "Root"}
	not ct.present(r.additionalEventData.SamlProviderArn)
	not contains(object.get(r.userIdentity, "arn", ""), "AWSReservedSSO")
	msg := sprintf("%s: %s signed in to the console without MFA from %s; enforce MFA for this user (or move to IAM Identity Center)", [ct.describe(r), _who(r), object.get(r, "sourceIPAddress", "?")])
}

_who(r) := "the root user" if r.userIdentity.type == "Root"

_who(r) := sprintf("IAM user %q", [object.get(r.userIdentity, "userName", ct.actor(r))]) if r.userIdentity.type == "IAMUser"
