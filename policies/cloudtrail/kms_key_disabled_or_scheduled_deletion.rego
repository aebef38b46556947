# METADATA
# title: A KMS key was disabled, scheduled for deletion or lost rotation
# description: |
#   A successful DisableKey, ScheduleKeyDeletion, DeleteImportedKeyMaterial or DisableKeyRotation on
#   a customer-managed key: data encrypted under it (PHI, GxP records, backups) becomes unreadable when the
#   key is gone - crypto-shredding of records.
# custom:
#   id: CT-KMS-KEY-DISABLED-OR-SCHEDULED-DELETION
#   severity: high
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.312(a)(2)(iv)", "hipaa:164.312(c)(1)", "gxp-part11:11.10(c)", "gxp-part11:11.30", "gxp-part11:11.70", "gxp-annex11:7.1", "gxp-annex11:17"]
#   remediation: "Cancel the deletion (aws kms cancel-key-deletion) or re-enable the key / re-import its material / re-enable rotation, investigate, and restrict kms:ScheduleKeyDeletion/DisableKey with key policies and an SCP."
#   kinds: [cloudtrail]
package evident.checks.cloudtrail.kms_key_disabled_or_scheduled_deletion

import rego.v1

import data.evident.lib.cloudtrail as ct

violation contains {"msg": msg, "path": "requestParameters.keyId"} if {
	some r in ct.records
	ct.call(r, "kms.amazonaws.com", {"DisableKey", "ScheduleKeyDeletion", "DeleteImportedKeyMaterial", "DisableKeyRotation"})
	msg := sprintf("%s %s KMS key %s%s; %s", [ct.describe(r), _did[ct.event_name(r)], _key(r), _window(r), _fix[ct.event_name(r)]])
}

_did := {
	"DisableKey": "disabled",
	"ScheduleKeyDeletion": "scheduled the deletion of",
	"DeleteImportedKeyMaterial": "deleted the imported material of",
	"DisableKeyRotation": "turned off rotation of",
}

_fix := {
	"DisableKey": "re-enable it unless it is being retired under change control",
	"ScheduleKeyDeletion": "cancel the deletion (kms cancel-key-deletion) unless it is being retired under change control",
	"DeleteImportedKeyMaterial": "re-import the key material",
	"DisableKeyRotation": "re-enable automatic rotation",
}

_key(r) := sprintf("%q", [ct.params(r).keyId]) if {
	is_string(ct.params(r).keyId)
} else := sprintf("%q", [r.resources[0].ARN]) if {
	is_string(r.resources[0].ARN)
} else := "(id not recorded)"

_window(r) := sprintf(" (pending window %v days)", [ct.params(r).pendingWindowInDays]) if {
	ct.params(r).pendingWindowInDays
} else := ""
