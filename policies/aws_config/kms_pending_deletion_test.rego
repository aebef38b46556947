package evident.checks.aws_config.kms_pending_deletion_test

import data.evident.checks.aws_config.kms_pending_deletion as check

key(conf, sup) := {"configurationItem": {"configurationItemStatus": "OK", "resourceType": "AWS::KMS::Key", "resourceId": "k1", "configuration": conf, "supplementaryConfiguration": sup}}

test_pending_deletion_fires if {
	vs := check.violation with input as key({"keyManager": "CUSTOMER", "keyState": "PendingDeletion", "deletionDate": 1767225600000, "keySpec": "SYMMETRIC_DEFAULT"}, {"KeyRotationStatus": "true"})
	count(vs) == 1
	some v in vs
	v.path == "configuration.keyState"
}

test_no_rotation_fires if {
	count(check.violation) == 1 with input as key({"keyManager": "CUSTOMER", "keyState": "Enabled"}, {"KeyRotationStatus": "false"})
}

test_healthy_key_passes if {
	count(check.violation) == 0 with input as key({"keyManager": "CUSTOMER", "keyState": "Enabled", "keyUsage": "ENCRYPT_DECRYPT"}, {"KeyRotationStatus": true})
}

test_aws_managed_and_asymmetric_keys if {
	count(check.violation) == 0 with input as key({"keyManager": "AWS", "keyState": "Enabled"}, {})
	count(check.violation) == 0 with input as key({"keyManager": "CUSTOMER", "keyState": "Enabled", "keySpec": "RSA_2048", "keyUsage": "SIGN_VERIFY"}, {})
}
