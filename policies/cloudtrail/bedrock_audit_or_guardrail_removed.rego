# METADATA
# title: Bedrock invocation logging or a guardrail was removed or changed
# description: |
#   A successful DeleteModelInvocationLoggingConfiguration or DeleteGuardrail; a
#   PutModelInvocationLoggingConfiguration that has no destination (neither S3 nor CloudWatch Logs) or
#   stops delivering text data; or an UpdateGuardrail, to be reviewed against the validated baseline.
# custom:
#   id: CT-BEDROCK-AUDIT-OR-GUARDRAIL-REMOVED
#   severity: medium
#   controls: ["hipaa:164.308(a)(1)(ii)(D)", "hipaa:164.308(a)(6)(ii)", "hipaa:164.312(b)", "gxp-part11:11.10(e)", "gxp-part11:11.300(d)", "gxp-annex11:9", "gxp-annex11:12.4", "gxp-annex11:13"]
#   remediation: "Restore model invocation logging (S3 and/or CloudWatch Logs destinations, text data delivery on) and the guardrail from infrastructure code; review guardrail updates against the validated configuration and restrict bedrock:DeleteGuardrail/UpdateGuardrail/DeleteModelInvocationLoggingConfiguration."
#   kinds: [cloudtrail]
package evident.checks.cloudtrail.bedrock_audit_or_guardrail_removed

import rego.v1

import data.evident.lib.cloudtrail as ct

violation contains {"msg": msg, "path": path} if {
	some r in ct.records
	r.eventSource == "bedrock.amazonaws.com"
	ct.success(r)
	some path, what in _weakened(ct.event_name(r), ct.params(r))
	msg := sprintf("%s %s", [ct.describe(r), what])
}

_weakened("DeleteModelInvocationLoggingConfiguration", _) := {"eventName": "deleted Bedrock model invocation logging: prompts and responses are no longer recorded; configure invocation logging again"}

_weakened("DeleteGuardrail", p) := {"requestParameters.guardrailIdentifier": sprintf("deleted Bedrock guardrail %q; restore it from infrastructure code", [object.get(p, "guardrailIdentifier", "?")])}

_weakened("UpdateGuardrail", p) := {"requestParameters.guardrailIdentifier": sprintf("updated Bedrock guardrail %q; review the change against the validated guardrail configuration", [object.get(p, "guardrailIdentifier", "?")])}

_weakened("PutModelInvocationLoggingConfiguration", p) := {"requestParameters.loggingConfig": "set Bedrock invocation logging without any destination (no S3 or CloudWatch Logs config); add a destination"} if {
	cfg := object.get(p, "loggingConfig", {})
	not cfg.s3Config
	not cfg.cloudWatchConfig
}

_weakened("PutModelInvocationLoggingConfiguration", p) := {"requestParameters.loggingConfig.textDataDeliveryEnabled": "stopped delivering the text of prompts and responses to the invocation log; set textDataDeliveryEnabled to true"} if {
	ct.falsy(p.loggingConfig.textDataDeliveryEnabled)
	_has_destination(p.loggingConfig)
}

_has_destination(cfg) if cfg.s3Config

_has_destination(cfg) if cfg.cloudWatchConfig
