package evident.checks.cloudtrail.kms_key_disabled_or_scheduled_deletion_test

import rego.v1

import data.evident.checks.cloudtrail.kms_key_disabled_or_scheduled_deletion as check
import data.evident.test.cloudtrail as fx

_key := "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"

test_scheduled_deletion if {
	rec := object.union(fx.record("kms.amazonaws.com", "ScheduleKeyDeletion", {"keyId": _key, "pendingWindowInDays": 7}), {"resources": [{"accountId": fx.account, "type": "AWS::KMS::Key", "ARN": _key}]})
	vs := check.violation with input as fx.normalised(rec)
	some v in vs
	contains(v.msg, "scheduled the deletion of KMS key")
	contains(v.msg, "(pending window 7 days)")
}

test_other_losses if {
	every name in ["DisableKey", "DeleteImportedKeyMaterial", "DisableKeyRotation"] {
		count(check.violation) == 1 with input as fx.eventbridge(fx.record("kms.amazonaws.com", name, {"keyId": _key}))
	}
}

test_fine if {
	count(check.violation) == 0 with input as fx.normalised(fx.record("kms.amazonaws.com", "EnableKeyRotation", {"keyId": _key}))
	count(check.violation) == 0 with input as fx.normalised(fx.denied(fx.record("kms.amazonaws.com", "DisableKey", {"keyId": _key})))
}
